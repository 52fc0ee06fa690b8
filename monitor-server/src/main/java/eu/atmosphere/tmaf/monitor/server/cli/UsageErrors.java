package eu.atmosphere.tmaf.monitor.server.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every command prints for an unknown or malformed option: the error in one line (with picocli's closest
 * option names when it has some), the command's usage in one line and where the help is; exit status 2. The help
 * itself is printed only when asked for ({@code --help}), so the error stays on the screen.
 *
 * <pre>{@code
 * new CommandLine(new Main()).setParameterExceptionHandler(new UsageErrors());
 * // monitor-server serve: Unknown option: '--prot' (did you mean --port?)
 * // Usage: monitor-server serve [-hV] [OPTIONS]
 * // See 'monitor-server serve --help'.
 * }</pre>
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    /** Exit status of a command line that could not be understood (picocli's {@code ExitCode.USAGE}). */
    static final int STATUS = CommandLine.ExitCode.USAGE;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        Help help = command.getHelp();
        PrintWriter err = command.getErr();
        err.println(name + ": " + e.getMessage() + suggestion(e));
        err.print(help.synopsisHeading() + help.abbreviatedSynopsis());
        err.println("See '" + name + " --help'.");
        err.flush();
        return STATUS;
    }

    private static String suggestion(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched)) {
            return "";
        }
        List<String> close = unmatched.getSuggestions();
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
    }
}
