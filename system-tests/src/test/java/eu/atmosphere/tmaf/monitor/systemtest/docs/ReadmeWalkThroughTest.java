package eu.atmosphere.tmaf.monitor.systemtest.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: the README's walk-through works as written. Its commands run in order, in a fresh directory that holds
 * the built jars where the README expects them: the server commands in a shell of their own (terminal 1), each
 * started once the previous server was stopped with Ctrl-C and awaited until it logs {@code ready in}; every other
 * command in one shell (terminal 2) that must end with status 0 and, under a console block, print what the README
 * shows (request ids aside). Where it differs from a user's run, and why:
 * <ul>
 * <li>ports: free ones instead of 32025 and 9092 (the commands' {@code :32025} rewritten; {@code MONITOR_PORT},
 *     {@code MONITOR_EMBEDDED_KAFKA_PORT} and {@code TMA_MONITOR_URL} set in both terminals, where the defaults
 *     come from), so the test runs beside anything else on the machine;</li>
 * <li>{@code --bind 0.0.0.0} becomes {@code --bind 127.0.0.1}: tests listen on loopback only;</li>
 * <li>commands marked "needs a container runtime" are left out: the container they watch does not exist here.</li>
 * </ul>
 * Needs {@code bash} and {@code curl} (installed by {@code .ci/run}).
 */
class ReadmeWalkThroughTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final String REQUEST_ID = "[0-9a-f]{16}";

    @TempDir
    Path dir;

    @Test
    void everyCommandOfTheWalkThroughWorksAsWritten() throws Exception {
        Repository repo = Repository.find();
        List<WalkThrough.Step> steps = WalkThrough.of(MarkdownDoc.read(repo.root(), repo.resolve("README.md")));
        assertTrue(steps.stream().filter(WalkThrough.Step::server).count() >= 2,
                "the walk-through should start the anonymous and the secured server: " + steps);
        List<Path> jars = new ArrayList<>();
        for (String module : List.of("monitor-server", "probe-demo", "probe-docker")) {
            Files.createDirectories(dir.resolve(module));
            jars.add(Files.createSymbolicLink(dir.resolve(module).resolve("target"), repo.resolve(module).resolve("target")));
        }
        int port = freePort();
        Map<String, String> environment = Map.of("MONITOR_PORT", Integer.toString(port),
                "MONITOR_EMBEDDED_KAFKA_PORT", Integer.toString(freePort()),
                "TMA_MONITOR_URL", "http://127.0.0.1:" + port);
        ServerTerminal server = null;
        List<String> ran = new ArrayList<>();
        try (Shell terminal = Shell.start(dir, environment)) {
            for (WalkThrough.Step step : steps) {
                if (step.needsRuntime()) {
                    continue;
                }
                String command = step.command().replace(":32025", ":" + port).replace("--bind 0.0.0.0", "--bind 127.0.0.1");
                ran.add(step.line().where() + ": " + command);
                if (step.server()) {
                    if (server != null) {
                        server.close();
                    }
                    server = ServerTerminal.start(command, dir, environment, dir.resolve("server-" + ran.size() + ".log"));
                    server.awaitReady(COMMAND_TIMEOUT);
                    continue;
                }
                Shell.Result result = terminal.run(command, COMMAND_TIMEOUT);
                String context = step.line().where() + ": " + command + "\nstdout:\n" + String.join("\n", result.stdout())
                        + "\nstderr:\n" + result.stderr() + (server == null ? "" : "\n" + server.logTail());
                assertEquals(0, result.exitStatus(), () -> "exit status of " + context);
                if (step.expectedOutput() != null) {
                    assertEquals(normalized(step.expectedOutput()), normalized(result.stdout()),
                            () -> "output of " + context);
                }
            }
        } finally {
            if (server != null) {
                server.close();
            }
            for (Path link : jars) {
                Files.delete(link);   // the links only: the build's target directories stay
            }
        }
        assertTrue(ran.size() >= 15, () -> "too few commands ran: " + String.join("\n", ran));
    }

    /** Request ids differ from run to run; trailing empty lines do not count. */
    private static List<String> normalized(List<String> lines) {
        List<String> normalized = new ArrayList<>(lines.stream().map(line -> line.replaceAll(REQUEST_ID, "<request-id>"))
                .toList());
        while (!normalized.isEmpty() && normalized.get(normalized.size() - 1).isBlank()) {
            normalized.remove(normalized.size() - 1);
        }
        return normalized;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
