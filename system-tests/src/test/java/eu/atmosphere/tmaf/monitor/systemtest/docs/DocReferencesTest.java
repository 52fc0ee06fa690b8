package eu.atmosphere.tmaf.monitor.systemtest.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: no document names a repository file, a command-line option or an environment variable that does not
 * exist. Every Markdown document of the repository (README.md, docs/, the modules' READMEs) is read; each test
 * lists every problem it finds as {@code document:line: what}, so one run shows all of them.
 */
class DocReferencesTest {

    /**
     * Options of other programs that documents show next to ours, by program. Every other option a document names
     * must be one of the project's commands (their {@code --help}) or appear in its scripts and sources.
     */
    private static final Map<String, Set<String>> OTHER_PROGRAMS = Map.of(
            "curl", Set.of("data-binary"),
            "docker", Set.of("cpus", "init", "pids-limit"),
            "kubectl", Set.of("for", "ignore-not-found", "image", "labels", "restart", "timeout"),
            "Kafka's tools (kafka-configs.sh, kafka-acls.sh, kafka-metadata-quorum.sh, kafka-storage.sh)",
            Set.of("delete-config", "remove", "status", "release-version"),
            "javac", Set.of("release"),
            "duplicates (the workplace's copy-paste finder)", Set.of("change", "most", "seconds"),
            "wrk", Set.of("timeout"));

    @TempDir
    static Path work;

    private static Repository repo;
    private static List<MarkdownDoc> docs;
    private static CommandOptions commands;
    private static CodeTokens code;

    @BeforeAll
    static void readTheDocs() {
        repo = Repository.find();
        docs = repo.docs();
        commands = new CommandOptions(repo, work);
        code = CodeTokens.scan(repo);
    }

    @Test
    void everyRepositoryPathAndLinkADocumentNamesExists() {
        PathReferences paths = new PathReferences(repo, docs);
        List<String> problems = new ArrayList<>();
        docs.forEach(doc -> problems.addAll(paths.problems(doc)));
        assertNoProblems("paths that do not exist", problems);
    }

    @Test
    void everyOptionOnADocumentedCommandLineIsAnOptionOfThatCommand() {
        List<String> problems = new ArrayList<>();
        for (MarkdownDoc doc : docs) {
            List<MarkdownDoc.Line> commandLines = new ArrayList<>(doc.commands());
            commandLines.addAll(doc.codeSpans());
            for (MarkdownDoc.Line line : commandLines) {
                CommandOptions.invocation(Arrays.asList(line.text().split("\\s+"))).ifPresent(run -> {
                    Set<String> known = commands.of(run);
                    for (String argument : run.arguments()) {
                        Matcher option = CommandOptions.OPTION.matcher(argument.split("=", 2)[0]);
                        if (argument.startsWith("--") && option.matches() && !known.contains(option.group(1))) {
                            problems.add(line.where() + ": `" + run.describe() + "` has no option --" + option.group(1)
                                    + " (not in its --help)");
                        }
                    }
                });
            }
        }
        assertNoProblems("options the commands do not have", problems);
    }

    @Test
    void everyOptionADocumentNamesExists() {
        Set<String> known = new HashSet<>(commands.all());
        known.addAll(code.options());
        OTHER_PROGRAMS.values().forEach(known::addAll);
        List<String> problems = new ArrayList<>();
        for (MarkdownDoc doc : docs) {
            for (int i = 0; i < doc.lines().size(); i++) {
                Matcher option = CommandOptions.OPTION.matcher(doc.lines().get(i));
                while (option.find()) {
                    if (!known.contains(option.group(1))) {
                        problems.add(doc.name() + ":" + (i + 1) + ": option --" + option.group(1) + " is no option of "
                                + "the project's commands (their --help), of its scripts and sources, or of "
                                + OTHER_PROGRAMS.keySet());
                    }
                }
            }
        }
        assertNoProblems("options that do not exist", problems);
    }

    @Test
    void everyEnvironmentVariableADocumentNamesIsInTheCode() {
        List<String> problems = new ArrayList<>();
        for (MarkdownDoc doc : docs) {
            for (int i = 0; i < doc.lines().size(); i++) {
                Matcher variable = CodeTokens.ENVIRONMENT.matcher(doc.lines().get(i));
                while (variable.find()) {
                    if (!code.reads(variable.group())) {
                        problems.add(doc.name() + ":" + (i + 1) + ": environment variable " + variable.group()
                                + " appears in no source, script or manifest of the repository");
                    }
                }
            }
        }
        assertNoProblems("environment variables nothing reads", problems);
    }

    private static void assertNoProblems(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " " + what + " in the documents:\n" + String.join("\n", problems));
        }
    }
}
