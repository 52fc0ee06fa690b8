package eu.atmosphere.tmaf.monitor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The harness measures the server as the README tells users to start it: same JVM options. */
class DocumentedCommandTest {

    private static final Pattern START = Pattern.compile("\\bjava ((?:-\\S+ )*)-jar monitor-server/target/monitor-server\\.jar");

    @Test
    void serversStartWithTheReadmeStartCommandsJvmOptions() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher command = START.matcher(readme);
        if (!command.find()) {
            throw new AssertionError("README.md has no `java ... -jar monitor-server/target/monitor-server.jar` command");
        }
        List<String> documented = Arrays.stream(command.group(1).trim().split(" ")).filter(s -> !s.isEmpty()).toList();
        assertEquals(documented, Processes.DOCUMENTED_JVM_OPTIONS);
    }
}
