package eu.atmosphere.tmaf.monitor.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes on the command line, as the {@code monitor-server} command answers them in a JVM of its own: an
 * unknown or malformed option is one error line, the usage line and where the help is, exit status 2 (it was
 * the error followed by 200 lines of help); a SASL protocol without the client's login is one line naming
 * {@code sasl.jaas.config} before anything starts (it was a {@code KafkaException} stack trace).
 */
class CommandLineMistakesTest {

    private static final Duration QUICK = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    @Test
    void anUnknownOptionIsOneErrorLineTheUsageLineAndWhereTheHelpIs() {
        assertEquals(List.of(
                "monitor-server serve: Unknown options: '--prot', '1'",
                "Usage: monitor-server serve [OPTIONS]",
                "See 'monitor-server serve --help'."), mistake("unknown", "--prot", "1"));
        assertEquals(List.of(
                "monitor-server serve: Unknown option: '--help-me' (did you mean --help?)",
                "Usage: monitor-server serve [OPTIONS]",
                "See 'monitor-server serve --help'."), mistake("suggested", "serve", "--help-me"));
    }

    @Test
    void aMalformedOptionOfAnySubcommandIsAnsweredTheSameWay() {
        assertEquals(List.of(
                "monitor-server serve: Missing required parameter for option '--port' (<port>)",
                "Usage: monitor-server serve [OPTIONS]",
                "See 'monitor-server serve --help'."), mistake("missing-value", "serve", "--port"));
        assertEquals(List.of(
                "monitor-server consume: --raw and --with-key exclude each other",
                "Usage: monitor-server consume [OPTIONS]",
                "See 'monitor-server consume --help'."), mistake("excluded", "consume", "--raw", "--with-key"));
        assertEquals(List.of(
                "monitor-server probes add: Missing required parameter: 'PROBE_ID'",
                "Usage: monitor-server probes add [OPTIONS] PROBE_ID",
                "See 'monitor-server probes add --help'."), mistake("no-probe-id", "probes", "add"));
        assertEquals(List.of(
                "monitor-server: Unmatched argument at index 0: 'serv' (did you mean serve or dev-certs?)",
                "Usage: monitor-server [OPTIONS] [COMMAND]",
                "See 'monitor-server --help'."), mistake("no-such-command", "serv"));
    }

    @Test
    void aSaslProtocolWithoutTheClientsLoginIsOnePreflightLine() throws IOException {
        try (ChildJvm serve = monitorServer("sasl-without-login", "serve", "--port", "0", "--kafka-bootstrap-servers",
                "127.0.0.1:" + freePort(), "--kafka-property", "security.protocol=SASL_SSL")) {
            assertEquals(ServeCommand.STARTUP_PROBLEM, exit(serve), () -> serve.logTail(40));
            assertEquals(List.of("monitor-server: --kafka-property sasl.jaas.config (env KAFKA_PROPERTY_SASL_JAAS_CONFIG) "
                    + "is missing: security.protocol=SASL_SSL needs the client's login, e.g. "
                    + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"monitor\" "
                    + "password=\"...\"; (or a JAAS file with a KafkaClient entry: "
                    + "-Djava.security.auth.login.config=FILE)"),
                    serve.lines().stream().filter(line -> line.startsWith("monitor-server: ")).toList(),
                    () -> serve.logTail(40));
            assertFalse(serve.lines().stream().anyMatch(line -> line.contains("Exception") || line.startsWith("\tat ")),
                    () -> serve.logTail(40));
        }
    }

    /** @return the output of a command line that must be refused with exit status 2 */
    private static List<String> mistake(String name, String... args) {
        try (ChildJvm command = monitorServer(name, args)) {
            assertEquals(UsageErrors.STATUS, exit(command), () -> command.logTail(40));
            return command.lines();
        }
    }

    private static ChildJvm monitorServer(String name, String... args) {
        return ChildJvm.builder(name, Main.class.getName())
                .jvmArgs(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError"))
                .args(List.of(args)).log(work.resolve(name + ".log")).keepLines().mergeStderr().start();
    }

    private static int exit(ChildJvm process) {
        assertTrue(process.waitFor(QUICK), () -> "still running: " + process.logTail(40));
        return process.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
