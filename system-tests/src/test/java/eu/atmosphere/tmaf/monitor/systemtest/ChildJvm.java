package eu.atmosphere.tmaf.monitor.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own, started from this module's class path, that can be killed with SIGKILL: what the OOM
 * killer, {@code kill -9} or a lost node does to a broker or a server. Its stdout and stderr go to a log file
 * (appended, so a restarted process keeps the history of the earlier ones).
 */
final class ChildJvm implements AutoCloseable {

    /** Every child still running is killed when this JVM exits, even if a test never reached its cleanup. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kill-child-jvms"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param name     for messages
     * @param jvmArgs  e.g. {@code -Xmx256m}
     * @param main     the main class
     * @param args     its arguments
     * @param log      where stdout and stderr go (appended)
     */
    static ChildJvm start(String name, List<String> jvmArgs, String main, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(main);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("TMA_") || k.startsWith("MONITOR_")
                || k.equals("KAFKA_BOOTSTRAP_SERVERS") || k.equals("JAVA_TOOL_OPTIONS"));
        try {
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The test class path: surefire's list (its booter jar hides it from java.class.path) or ours. */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (on Linux {@code destroyForcibly} is {@code kill -9}), then waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the last lines of the log, for failure messages */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return name + " log " + log + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines),
                    all.size()));
        } catch (IOException | UncheckedIOException e) {
            return name + " log " + log + " unreadable: " + e;
        }
    }

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
}
