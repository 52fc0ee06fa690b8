package eu.atmosphere.tmaf.monitor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM of the harness (broker, server): its output goes to a log file, it is stopped with
 * SIGTERM (then SIGKILL after a grace period), and its {@code /proc} figures are read while it runs.
 */
final class Child implements AutoCloseable {

    private static final List<Child> RUNNING = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<Child> children;
            synchronized (RUNNING) {
                children = new ArrayList<>(RUNNING);
            }
            children.forEach(Child::close);
        }, "children-shutdown"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<String> marker = new CompletableFuture<>();

    private Child(String name, Process process, Path log, Predicate<String> readyLine) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread pump = new Thread(() -> pump(readyLine), name + "-output");
        pump.setDaemon(true);
        pump.start();
        synchronized (RUNNING) {
            RUNNING.add(this);
        }
    }

    /**
     * Starts a process; its standard output and error are appended to {@code log}.
     *
     * @param readyLine recognises the line that {@link #awaitLine} waits for, may be null
     */
    static Child start(String name, List<String> command, Path workingDirectory, Path log, Predicate<String> readyLine)
            throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).start();
        return new Child(name, process, log, readyLine == null ? line -> false : readyLine);
    }

    private void pump(Predicate<String> readyLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             OutputStream file = Files.newOutputStream(log, StandardOpenOption.APPEND);
             PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                if (!marker.isDone() && readyLine.test(line)) {
                    marker.complete(line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            marker.completeExceptionally(new IOException(name + " exited (code "
                    + (process.isAlive() ? "?" : process.exitValue()) + ") before it was ready; see " + log));
        }
    }

    /** @return the line recognised as ready */
    String awaitLine(Duration timeout) throws IOException, InterruptedException {
        try {
            return marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    double cpuSeconds() {
        return ProcStats.cpuSeconds(process.pid());
    }

    double peakRssMiB() {
        return ProcStats.peakRssMiB(process.pid());
    }

    /** Stops with SIGTERM, waits up to 30 s, then kills. */
    @Override
    public void close() {
        synchronized (RUNNING) {
            RUNNING.remove(this);
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
