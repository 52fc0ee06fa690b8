package eu.atmosphere.tmaf.monitor.systemtest.docs;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The terminal the monitor runs in: a server command of the walk-through in a shell of its own (none of the other
 * terminal's variables), its output in a log, stopped as Ctrl-C stops it.
 *
 * <pre>{@code
 * try (ServerTerminal server = ServerTerminal.start("java -jar monitor-server/target/monitor-server.jar", dir,
 *         Map.of("MONITOR_PORT", "40123"), dir.resolve("server-1.log"))) {
 *     server.awaitReady(Duration.ofMinutes(3));
 * }   // SIGINT, then waits for the process to end
 * }</pre>
 */
final class ServerTerminal implements AutoCloseable {

    private static final String READY = "ready in ";

    private final Process process;
    private final Path log;

    private ServerTerminal(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param command     the command line, as in the README
     * @param directory   the working directory
     * @param environment variables on top of this JVM's, less the project's own settings
     * @param log         where its output goes
     * @return the running server
     */
    static ServerTerminal start(String command, Path directory, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", "exec " + command)
                .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        ChildJvm.removeInheritedSettings(builder.environment());
        builder.environment().putAll(environment);
        try {
            return new ServerTerminal(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Waits for the server's {@code ready in … ms} line.
     *
     * @throws IllegalStateException if the server ended or did not get ready within the timeout
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logLines().stream().anyMatch(line -> line.contains(READY))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server ended with status " + process.exitValue() + ":\n" + logTail());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server was not ready within " + timeout + ":\n" + logTail());
    }

    /** @return the last lines of its output, for failure messages */
    String logTail() {
        List<String> lines = logLines();
        return log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private List<String> logLines() {
        try {
            return List.of(Files.readString(log, StandardCharsets.ISO_8859_1).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ctrl-C: SIGINT, as a terminal sends it; SIGTERM (which the server treats the same) where the server ignores
     * SIGINT because it was inherited ignored (the build ran as a background job of a non-interactive shell, e.g.
     * {@code nohup … &}); SIGKILL if the server has not ended a minute later.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            String signal = ignoresInterrupt(process.pid()) ? "-TERM" : "-INT";
            new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the server did not stop within 60 s of Ctrl-C:\n" + logTail());
            }
        }
    }

    /** Whether SIGINT (signal 2, bit 1 of the mask) is in the process's ignored set, as Linux reports it. */
    private static boolean ignoresInterrupt(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
