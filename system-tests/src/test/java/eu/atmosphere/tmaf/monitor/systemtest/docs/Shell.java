package eu.atmosphere.tmaf.monitor.systemtest.docs;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A user's terminal: one {@code bash} that runs command after command in a working directory, so a variable
 * set by one ({@code J=...}) is there for the next, as in a terminal. Each command's standard output and error
 * are kept in files of their own.
 *
 * <pre>{@code
 * try (Shell terminal = Shell.start(dir, Map.of("MONITOR_PORT", "40123"))) {
 *     Shell.Result result = terminal.run("curl -s http://127.0.0.1:40123/health/live", Duration.ofMinutes(1));
 *     result.exitStatus();   // 0
 *     result.stdout();       // its lines
 * }
 * }</pre>
 */
final class Shell implements AutoCloseable {

    private static final String DONE = "__walk_through_exit_status=";

    /**
     * What a command did.
     *
     * @param exitStatus its exit status
     * @param stdout     its standard output, line by line (carriage returns removed)
     * @param stderr     its standard error
     */
    record Result(int exitStatus, List<String> stdout, String stderr) {
    }

    private final Path directory;
    private final Process bash;
    private final Writer input;
    private final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
    private int commands;

    private Shell(Path directory, Process bash) {
        this.directory = directory;
        this.bash = bash;
        this.input = bash.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readStatuses, "shell-status");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param directory   the working directory
     * @param environment variables set on top of this JVM's environment, less the project's own settings
     *                    ({@link ChildJvm#removeInheritedSettings})
     * @return the running shell
     */
    static Shell start(Path directory, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc").directory(directory.toFile())
                .redirectErrorStream(false).redirectError(directory.resolve("shell.stderr").toFile());
        ChildJvm.removeInheritedSettings(builder.environment());
        builder.environment().putAll(environment);
        try {
            return new Shell(directory, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start bash", e);
        }
    }

    /**
     * @param command a command line as a user types it
     * @param timeout how long it may take
     * @return what it did
     * @throws IllegalStateException if it did not end within the timeout (the shell is then killed)
     */
    Result run(String command, Duration timeout) throws IOException, InterruptedException {
        int n = ++commands;
        Path out = directory.resolve("command-" + n + ".stdout");
        Path err = directory.resolve("command-" + n + ".stderr");
        input.write("{ " + command + "\n} > " + out + " 2> " + err + " < /dev/null; echo " + DONE + "$?\n");
        input.flush();
        String status = statuses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (status == null) {
            bash.destroyForcibly();
            throw new IllegalStateException("did not end within " + timeout + ": " + command + "\nstdout: "
                    + Files.readString(out) + "\nstderr: " + Files.readString(err));
        }
        return new Result(Integer.parseInt(status), Files.readString(out, StandardCharsets.UTF_8).lines()
                .map(line -> line.replace("\r", "")).toList(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private void readStatuses() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(bash.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(DONE)) {
                    statuses.add(line.substring(DONE.length()));
                }
            }
        } catch (IOException e) {
            statuses.add("-1");
        }
    }

    @Override
    public void close() throws IOException {
        input.close();
        try {
            if (!bash.waitFor(10, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bash.destroyForcibly();
        }
    }
}
