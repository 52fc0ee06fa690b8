package eu.atmosphere.tmaf.monitor.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A probe in its own JVM (this test class path), whose stdout lines are collected and stderr kept in a file. */
final class ChildJvm {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::collect, "child-jvm-stdout");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static ChildJvm start(Class<?> main, Map<String, String> env, Path log, String... args) throws IOException {
        return start(main.getName(), List.of(), env, log, args);
    }

    /**
     * @param main       the main class's name
     * @param classPath  directories or jars before this test class path (e.g. classes compiled by the test)
     */
    static ChildJvm start(String main, List<Path> classPath, Map<String, String> env, Path log, String... args)
            throws IOException {
        List<String> path = new ArrayList<>();
        classPath.forEach(entry -> path.add(entry.toString()));
        path.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", String.join(java.io.File.pathSeparator, path), main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TMA_"));
        builder.environment().putAll(env);
        return new ChildJvm(builder.start());
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("stdout closed: " + e);
        }
    }

    Process process() {
        return process;
    }

    List<String> lines() {
        return lines;
    }

    /** Sends SIGKILL, as the OOM killer or {@code kill -9} would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        reader.join(5_000);
    }

    int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        reader.join(5_000);
        return exit;
    }
}
