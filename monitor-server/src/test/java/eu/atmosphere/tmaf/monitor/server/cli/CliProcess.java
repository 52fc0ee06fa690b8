package eu.atmosphere.tmaf.monitor.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A class of this module's test class path (by default {@code monitor-server}'s {@link Main}) in a JVM of
 * its own: a real process with real ports, which a test can signal. Its standard output and error are
 * read line by line as they come; a test waits for a line (no sleeping) or for the exit.
 *
 * <pre>{@code
 * try (CliProcess server = CliProcess.main(Map.of(), "serve", "--port", "0")) {
 *     server.awaitLine(line -> line.contains("ready in"), Duration.ofMinutes(2));
 * }
 * }</pre>
 */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private CliProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> read(process.getInputStream()), "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param environment variables to set (every MONITOR_*, TMA_* and KAFKA_BOOTSTRAP_SERVERS of this JVM is removed)
     * @param args        {@code monitor-server}'s arguments
     * @return the running process
     */
    static CliProcess main(Map<String, String> environment, String... args) {
        return start(Main.class.getName(), environment, args);
    }

    /**
     * @param mainClass   a class with a {@code main} method on this module's test class path
     * @param environment variables to set
     * @param args        its arguments
     * @return the running process
     */
    static CliProcess start(String mainClass, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx384m", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MONITOR_") || name.startsWith("TMA_")
                || name.equals("KAFKA_BOOTSTRAP_SERVERS") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        try {
            return new CliProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** @return the process id */
    long pid() {
        return process.pid();
    }

    /** @return the lines written so far (standard output and error) */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * @param wanted  what the line must satisfy
     * @param timeout longest wait
     * @return the first line (already written or still to come) that satisfies {@code wanted}; empty if none came
     *         within the timeout or the process ended without one
     */
    synchronized Optional<String> awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int seen = 0; ; ) {
            for (; seen < lines.size(); seen++) {
                if (wanted.test(lines.get(seen))) {
                    return Optional.of(lines.get(seen));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Waits for the process to end and for its output to be read.
     *
     * @param timeout longest wait
     * @return the exit status
     * @throws AssertionError if it is still running, with its output
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + String.join("\n", lines()));
        }
        synchronized (this) {
            while (!ended) {
                wait();
            }
        }
        return process.exitValue();
    }

    /** SIGTERM, through the process handle: {@link Process#destroy()} would also close the output being read. */
    void terminate() {
        process.toHandle().destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "process " + pid() + ":\n" + String.join("\n", lines());
    }

    private void read(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                lines.add("(output unreadable: " + e + ")");
            }
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }
}
