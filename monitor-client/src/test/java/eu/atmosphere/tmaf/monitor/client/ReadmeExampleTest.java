package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of the project's README as printed there (issue 14, case 7: it did not compile and, with a
 * wrong secret, exited 0 having delivered nothing): compiled for Java 8 as a probe would, run in a JVM of its
 * own against a real monitor, with the right and with a wrong secret.
 */
class ReadmeExampleTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?public final class ExampleProbe.*?)```",
            Pattern.DOTALL);

    @TempDir
    static Path work;

    private static Path classes;

    @BeforeAll
    static void compileTheReadmeExample() throws Exception {
        Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8));
        assertTrue(block.find(), "README.md has no ```java block with class ExampleProbe");
        Path source = work.resolve("src").resolve("ExampleProbe.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, block.group(1), StandardCharsets.UTF_8);
        classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null, List.of("--release", "8", "-Xlint:-options",
                "-classpath", ChildJvm.testClassPath(),
                "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile()))
                .call();
        assertTrue(compiled, "the README's example does not compile:\n" + diagnostics);
    }

    private static ChildJvm example(String monitorUrl, Path log) {
        return ChildJvm.builder("ExampleProbe", "ExampleProbe")
                .classPath(classes + File.pathSeparator + ChildJvm.testClassPath()).jvmArgs(List.of("-Xmx256m"))
                .env(Map.of("TMA_MONITOR_URL", monitorUrl)).log(log).start();
    }

    @Test
    void withTheRightSecretTheMessageArrives() throws Exception {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        try (RealMonitor monitor = RealMonitor.start(KAFKA.bootstrapServers(), topic)) {
            Path log = work.resolve("right.log");
            ChildJvm probe = example(monitor.baseUri().toString(), log);

            assertEquals(0, probe.waitFor(), Files.readString(log));
            List<Message> received = monitor.readMessages(1, Duration.ofSeconds(30));
            assertEquals(1, received.size());
            assertEquals(1098, received.get(0).getProbeId());
            assertEquals(101098, received.get(0).getResourceId());
        }
    }

    @Test
    void withAWrongSecretItSaysSoAndExitsNonZero() throws Exception {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        Path credentials = work.resolve("probes.credentials");
        ProbeCredentials.empty().with(1098, SecretHashes.hash("not-pass".getBytes(StandardCharsets.UTF_8),
                SecretHashes.MIN_ITERATIONS), Instant.now()).write(credentials);
        try (MonitorServer monitor = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).credentialsFile(credentials).build())) {
            Path log = work.resolve("wrong.log");
            ChildJvm probe = example(monitor.baseUri().toString(), log);

            assertEquals(1, probe.waitFor(), Files.readString(log));
            assertTrue(Files.readString(log).contains("probe 1098 not authenticated: "),
                    Files.readString(log));
        }
    }
}
