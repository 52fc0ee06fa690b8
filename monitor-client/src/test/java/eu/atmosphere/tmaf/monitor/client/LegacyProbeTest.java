package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source and binary compatibility with the original library as probes use it: {@code src/test/legacy}'s
 * probe, written in the original style, is compiled for Java 8 against the original API's signatures and
 * then run against this library and the real monitor (a {@code NoSuchMethodError} or a changed exception
 * would fail it), and compiled against this library too. Like the original probe-client-java, whose loop has no
 * try/catch, it sends a message with a non-finite value ({@code 7.0 / 0}): {@code send} refuses it as a value and
 * the next message arrives.
 */
class LegacyProbeTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Path FIXTURES = Path.of("src", "test", "legacy");

    @TempDir
    Path tmp;

    @Test
    void aProbeBuiltAgainstTheOriginalLibraryRunsOnThisOne() throws Exception {
        Path originalApi = compile("original-api", List.of());
        Path probe = compile("probe", List.of(originalApi));
        compile("probe", ClientClassPath.entries());

        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        try (RealMonitor monitor = RealMonitor.start(KAFKA.bootstrapServers(), topic)) {
            String url = monitor.baseUri() + "/monitor";
            Path log = tmp.resolve("legacy-probe.log");
            ChildJvm run = ChildJvm.builder("legacy-probe", "legacy.LegacyProbe").classPath(ClientClassPath.with(probe))
                    .env(Map.of("TMA_MONITOR_URL", url)).args(List.of(url)).log(log).keepLines().start();
            int exit = run.waitFor();
            String output = Files.readString(log);
            assertEquals(0, exit, output);
            assertEquals("legacy probe done", run.lines().get(run.lines().size() - 1), output);

            assertTrue(output.contains("refused by the client, not sent: /data/0/observations/0/value is Infinity"),
                    output);
            List<Message> received = monitor.readMessages(5, Duration.ofSeconds(30));
            assertEquals(Set.of(101098L, 101099L, 101100L, 55L),
                    received.stream().map(Message::getResourceId).collect(Collectors.toSet()));
            assertTrue(received.stream().allMatch(m -> m.getProbeId() == (m.getResourceId() == 55 ? 55 : 1098)),
                    received.toString());
            assertEquals(List.of(7.0), received.stream().filter(m -> m.getProbeId() == 55)
                    .map(m -> m.getData().get(0).getObservations().get(0).getValue()).toList(),
                    "the refused message is not in Kafka, the next one is");
        }
    }

    /** Compiles a fixture directory for Java 8; @return the class output directory */
    private Path compile(String fixture, List<Path> classPath) throws IOException {
        Path out = Files.createTempDirectory(tmp, fixture);
        List<String> arguments = new ArrayList<>(List.of("--release", "8", "-d", out.toString(),
                "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        try (Stream<Path> files = Files.walk(FIXTURES.resolve(fixture))) {
            files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, arguments.toArray(new String[0]));
        assertEquals(0, status, () -> "javac " + fixture + " against " + classPath + ":\n"
                + diagnostics.toString(StandardCharsets.UTF_8));
        return out;
    }
}
