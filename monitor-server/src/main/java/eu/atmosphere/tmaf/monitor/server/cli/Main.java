package eu.atmosphere.tmaf.monitor.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar monitor-server.jar [serve] [options]} runs the server;
 * {@code ... consume [options]} tails the topic; {@code ... probes add|remove|list} manages probe
 * credentials; {@code ... dev-certs --out DIR} creates a development CA and server certificate.
 * Every option can also be set through the environment variable named in {@code --help}.
 */
@Command(name = "monitor-server", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "TMA Monitor: validates probe messages and stores them in Kafka.")
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    private Main() {
    }

    /** @param args command line; no subcommand means {@code serve} */
    public static void main(String[] args) {
        ProcessSetup.apply();
        String[] effective = args.length == 0 || args[0].startsWith("-") && !isTopLevelFlag(args[0])
                ? prepend("serve", args) : args;
        System.exit(commandLine().execute(effective));
    }

    /** @return the command line with every subcommand, {@code serve} first; option mistakes as {@link UsageErrors} says */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .addSubcommand(ServeCommand.spec())
                .addSubcommand(ConsumeCommand.spec())
                .addSubcommand(new ProbesCommand())
                .addSubcommand(new DevCertsCommand())
                .addSubcommand(new CommandLine.HelpCommand())
                .setParameterExceptionHandler(new UsageErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static boolean isTopLevelFlag(String arg) {
        return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
