package eu.atmosphere.tmaf.monitor.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A JVM of its own (a broker, a server, a probe): started from a main class on the test class path or from a jar,
 * with the {@code TMA_*}, {@code MONITOR_*}, {@code KAFKA_BOOTSTRAP_SERVERS} and {@code JAVA_TOOL_OPTIONS}
 * variables of this JVM removed so that only what the test gives reaches it. Its stdout and stderr are appended
 * to a log file (a restarted process keeps the history of the earlier ones); stdout lines can also be kept in
 * memory ({@link #lines()}) or awaited ({@link #awaitLine(Duration)}). It can be killed with SIGKILL (what the OOM
 * killer, {@code kill -9} or a lost node does) or stopped with SIGTERM; every child still running when this JVM
 * exits is killed.
 *
 * <pre>{@code
 * try (ChildJvm server = ChildJvm.builder("monitor-server", "eu.atmosphere.tmaf.monitor.server.cli.Main")
 *         .jvmArgs(List.of("-Xmx256m")).args(List.of("serve", "--port", "0")).log(dir.resolve("server.log"))
 *         .start()) {
 *     server.kill();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kill-child-jvms"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines;
    private final Predicate<String> readyLine;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread pump;
    private boolean ended;

    private ChildJvm(Builder builder, Process process) {
        this.name = builder.name;
        this.process = process;
        this.log = builder.log;
        this.lines = builder.keepLines ? new CopyOnWriteArrayList<>() : null;
        this.readyLine = builder.readyLine;
        this.pump = new Thread(this::pump, name + "-stdout");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /**
     * @param name      for messages and thread names
     * @param mainClass the main class, run from {@link #testClassPath()} unless {@link Builder#jar} is given
     * @return a builder
     */
    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
    }

    /**
     * Starts a main class of the test class path, output appended to {@code log}.
     *
     * @param name    for messages
     * @param jvmArgs e.g. {@code -Xmx256m}
     * @param main    the main class
     * @param args    its arguments
     * @param log     where stdout and stderr go (appended)
     * @return the started process
     */
    public static ChildJvm start(String name, List<String> jvmArgs, String main, List<String> args, Path log) {
        return builder(name, main).jvmArgs(jvmArgs).args(args).log(log).start();
    }

    /** @return the test class path: surefire's list (its booter jar hides it from java.class.path) or ours */
    public static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** @return the {@code java} executable of this JVM */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintStream out = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                if (lines != null) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
                if (readyLine != null && !ready.isDone() && readyLine.test(line)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
            ready.completeExceptionally(new IOException(name + " ended its output (exit code "
                    + (process.isAlive() ? "?" : process.exitValue()) + ") before the awaited line; see " + log));
        }
    }

    /**
     * @param timeout longest wait
     * @return the first stdout line that {@link Builder#readyLine} recognised
     * @throws IOException if the process ended its output first, or the time ran out
     */
    public String awaitLine(Duration timeout) throws IOException, InterruptedException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(name + " printed no awaited line in " + timeout.toSeconds() + " s; see " + log);
        }
    }

    /**
     * @param wanted  what the line must satisfy
     * @param timeout longest wait
     * @return the first kept line, already printed or still to come, that satisfies {@code wanted}; empty if none
     *         came within the timeout or the output ended without one (only with {@link Builder#keepLines})
     */
    public synchronized Optional<String> awaitLine(Predicate<String> wanted, Duration timeout)
            throws InterruptedException {
        List<String> kept = lines();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int seen = 0; ; seen++) {
            while (seen >= kept.size()) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (wanted.test(kept.get(seen))) {
                return Optional.of(kept.get(seen));
            }
        }
    }

    /** @return the stdout lines so far (only with {@link Builder#keepLines}) */
    public List<String> lines() {
        if (lines == null) {
            throw new IllegalStateException(name + " was started without keepLines()");
        }
        return lines;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** @return the exit code, once the process ended and its output was read */
    public int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        pump.join(5_000);
        return exit;
    }

    /**
     * Removes from a child's environment what would configure the project's programs from outside the test:
     * {@code TMA_*}, {@code MONITOR_*}, {@code KAFKA_BOOTSTRAP_SERVERS} and {@code JAVA_TOOL_OPTIONS}.
     *
     * <pre>{@code
     * ProcessBuilder shell = new ProcessBuilder("bash");
     * ChildJvm.removeInheritedSettings(shell.environment());
     * }</pre>
     *
     * @param environment a process's environment, changed in place
     */
    public static void removeInheritedSettings(Map<String, String> environment) {
        environment.keySet().removeIf(k -> k.startsWith("TMA_") || k.startsWith("MONITOR_")
                || k.equals("KAFKA_BOOTSTRAP_SERVERS") || k.equals("JAVA_TOOL_OPTIONS"));
    }

    /** @return the exit code of the ended process */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL (on Linux {@code destroyForcibly} is {@code kill -9}), then waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if the process is still running after {@code grace}. */
    public void stop(Duration grace) {
        terminate();
        if (!waitFor(grace)) {
            kill();
        }
    }

    /**
     * SIGTERM, through the process handle: {@link Process#destroy()} would also close the output still being
     * read, so what the process prints while stopping would be lost.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** @return whether the process ended within the timeout (its output then read to the end) */
    public boolean waitFor(Duration timeout) {
        try {
            boolean gone = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (gone) {
                pump.join(5_000);
            }
            return gone;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** @return the last lines of the log, for failure messages */
    public String logTail(int count) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return name + " log " + log + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - count),
                    all.size()));
        } catch (IOException | UncheckedIOException e) {
            return name + " log " + log + " unreadable: " + e;
        }
    }

    /** Kills the process (SIGKILL) if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** What to start and how. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private Path jar;
        private String classPath = testClassPath();
        private List<String> jvmArgs = List.of();
        private List<String> args = List.of();
        private final Map<String, String> env = new HashMap<>();
        private Path workingDirectory;
        private Path log;
        private boolean keepLines;
        private Predicate<String> readyLine;
        private boolean mergeStderr;

        private Builder(String name, String mainClass) {
            this.name = name;
            this.mainClass = mainClass;
        }

        /** Runs {@code java -jar jar} instead of the main class (which is then ignored). */
        public Builder jar(Path value) {
            jar = value;
            return this;
        }

        /** The class path of the main class; default {@link #testClassPath()}. */
        public Builder classPath(String value) {
            classPath = value;
            return this;
        }

        /** Options of the JVM, e.g. {@code -Xmx256m}. */
        public Builder jvmArgs(List<String> value) {
            jvmArgs = List.copyOf(value);
            return this;
        }

        /** Arguments of the main class. */
        public Builder args(List<String> value) {
            args = List.copyOf(value);
            return this;
        }

        /** Environment variables added to this JVM's (less the ones removed, see the class comment). */
        public Builder env(Map<String, String> value) {
            env.putAll(value);
            return this;
        }

        public Builder workingDirectory(Path value) {
            workingDirectory = value;
            return this;
        }

        /** Where stdout and stderr are appended; required. */
        public Builder log(Path value) {
            log = value;
            return this;
        }

        /** Keeps every stdout line in memory, for {@link #lines()}. */
        public Builder keepLines() {
            keepLines = true;
            return this;
        }

        /** Reads stderr with stdout (kept and awaited alike), for a process that logs to stderr. */
        public Builder mergeStderr() {
            mergeStderr = true;
            return this;
        }

        /** The stdout line {@link #awaitLine} waits for. */
        public Builder readyLine(Predicate<String> value) {
            readyLine = value;
            return this;
        }

        /** @return the started process */
        public ChildJvm start() {
            if (log == null) {
                throw new IllegalStateException("a log file is required");
            }
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmArgs);
            if (jar != null) {
                command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
            } else {
                command.addAll(List.of("-cp", classPath, mainClass));
            }
            command.addAll(args);
            try {
                Path parent = log.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                ProcessBuilder builder = new ProcessBuilder(command);
                if (mergeStderr) {
                    builder.redirectErrorStream(true);
                } else {
                    builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
                }
                if (workingDirectory != null) {
                    builder.directory(workingDirectory.toFile());
                }
                removeInheritedSettings(builder.environment());
                builder.environment().putAll(env);
                Process process = builder.start();
                LIVE.add(process);
                process.onExit().thenRun(() -> LIVE.remove(process));
                return new ChildJvm(this, process);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }
    }
}
