package eu.atmosphere.tmaf.monitor.systemtest.docs;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of the project's commands as their {@code --help} prints them, run from the jars the documents
 * tell users to run ({@code monitor-server/target/monitor-server.jar}, the probes' jars), and which command a
 * documented command line runs.
 *
 * <pre>{@code
 * CommandOptions options = new CommandOptions(repo, workDir);
 * Optional<CommandOptions.Invocation> run = CommandOptions.invocation(List.of("java", "-jar", "$J", "probes", "add", "7"));
 * options.of(run.get());   // credentials-file, generate, ... : the options of `monitor-server probes add`
 * }</pre>
 */
final class CommandOptions {

    /** An option on a command line or in a help text: {@code --name}. */
    static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)");

    /** The jars users run, by the names a document may give them; {@code $J} is the server jar, as the docs set it. */
    private static final Map<String, String> JARS = Map.of(
            "monitor-server.jar", "monitor-server/target/monitor-server.jar",
            "$J", "monitor-server/target/monitor-server.jar",
            "probe-demo.jar", "probe-demo/target/probe-demo.jar",
            "probe-docker.jar", "probe-docker/target/probe-docker.jar");
    private static final Set<String> SERVER_COMMANDS = Set.of("serve", "consume", "dev-certs", "help");
    private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

    /**
     * A project command on a documented command line.
     *
     * @param jar       the jar, from the repository root
     * @param command   its subcommand words, e.g. {@code [probes, add]}; empty for the jar's own command
     * @param arguments what follows them, up to the end of the command (a pipe, {@code &&}, a redirection)
     */
    record Invocation(String jar, List<String> command, List<String> arguments) {
        String describe() {
            return (jar.substring(jar.lastIndexOf('/') + 1).replace(".jar", "") + " " + String.join(" ", command))
                    .strip();
        }
    }

    private final Repository repo;
    private final Path work;
    private final Map<Invocation, Set<String>> known = new HashMap<>();

    /**
     * @param repo the repository whose jars are run
     * @param work where the help runs' logs go
     */
    CommandOptions(Repository repo, Path work) {
        this.repo = repo;
        this.work = work;
    }

    /**
     * @param words a command line split at white space
     * @return the project command it runs with {@code java -jar}, if any
     */
    static Optional<Invocation> invocation(List<String> words) {
        for (int i = 1; i < words.size(); i++) {
            String jar = jar(words.get(i));
            if (jar == null || !words.get(i - 1).equals("-jar")) {
                continue;
            }
            List<String> rest = new ArrayList<>();
            for (String word : words.subList(i + 1, words.size())) {
                if (word.equals("|") || word.equals("&&") || word.equals(";") || word.equals("&")
                        || word.matches("\\d*[<>].*")) {
                    break;
                }
                rest.add(word);
            }
            List<String> command = jar.startsWith("monitor-server") ? serverCommand(rest) : List.of();
            boolean implicitServe = command.equals(List.of("serve")) && (rest.isEmpty() || !rest.get(0).equals("serve"));
            return Optional.of(new Invocation(jar, command, rest.subList(implicitServe ? 0 : command.size(), rest.size())));
        }
        return Optional.empty();
    }

    /**
     * @param invocation a project command (its arguments are ignored)
     * @return every option its {@code --help} names
     */
    Set<String> of(Invocation invocation) {
        Invocation command = new Invocation(invocation.jar(), invocation.command(), List.of());
        return known.computeIfAbsent(command, this::help);
    }

    /** @return the options of every project command: the server's subcommands and both probes */
    Set<String> all() {
        Set<String> all = new HashSet<>();
        for (List<String> command : List.of(List.<String>of(), List.of("serve"), List.of("consume"),
                List.of("probes", "add"), List.of("probes", "list"), List.of("probes", "remove"), List.of("dev-certs"))) {
            all.addAll(of(new Invocation(JARS.get("monitor-server.jar"), command, List.of())));
        }
        all.addAll(of(new Invocation(JARS.get("probe-demo.jar"), List.of(), List.of())));
        all.addAll(of(new Invocation(JARS.get("probe-docker.jar"), List.of(), List.of())));
        return all;
    }

    private Set<String> help(Invocation command) {
        Path jar = repo.resolve(command.jar());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the jars first (mvn -B install -DskipTests)");
        }
        List<String> args = new ArrayList<>(command.command());
        args.add("--help");
        try (ChildJvm help = ChildJvm.builder(command.describe() + " --help", null).jar(jar).args(args)
                .log(work.resolve(command.describe().replace(' ', '-') + "-help.log")).keepLines().start()) {
            if (!help.waitFor(Duration.ofMinutes(2)) || help.exitValue() != 0) {
                throw new IllegalStateException(command.describe() + " --help failed: " + help.logTail(20));
            }
            Set<String> options = new HashSet<>();
            for (String line : help.lines()) {
                Matcher option = OPTION.matcher(line);
                while (option.find()) {
                    options.add(option.group(1));
                }
            }
            return options;
        }
    }

    private static String jar(String word) {
        for (Map.Entry<String, String> jar : JARS.entrySet()) {
            if (word.equals(jar.getKey()) || word.endsWith("/" + jar.getKey())) {
                return jar.getValue();
            }
        }
        return null;
    }

    /** The server's subcommand: the first word, {@code probes} with the next; {@code serve} when none is given. */
    private static List<String> serverCommand(List<String> rest) {
        if (rest.isEmpty()) {
            return List.of("serve");
        }
        String first = rest.get(0);
        if (SERVER_COMMANDS.contains(first)) {
            return List.of(first);
        }
        if (first.equals("probes") && rest.size() > 1) {
            return List.of(first, rest.get(1));
        }
        return TOP_LEVEL_FLAGS.contains(first) ? List.of() : List.of("serve");
    }
}
