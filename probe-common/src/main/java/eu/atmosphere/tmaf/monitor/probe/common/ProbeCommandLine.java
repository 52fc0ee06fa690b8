package eu.atmosphere.tmaf.monitor.probe.common;

import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Runs a probe's picocli command the same way for every probe: a configuration mistake (invalid
 * value, unreadable secret or CA file) is one line on standard error and exit code
 * {@value #EXIT_CONFIGURATION}, like a usage error; anything else unexpected keeps its stack trace.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(ProbeCommandLine.execute(new MyProbe(), args));
 * }
 * }</pre>
 */
public final class ProbeCommandLine {

    /** A usage or configuration error. */
    public static final int EXIT_CONFIGURATION = 2;

    private ProbeCommandLine() {
    }

    /**
     * @param command a picocli {@code @Command} object
     * @param args    the command line
     * @return the exit code
     */
    public static int execute(Object command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
                cl.getErr().println("error: " + e.getMessage()
                        + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
                return EXIT_CONFIGURATION;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
