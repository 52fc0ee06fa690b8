package eu.atmosphere.tmaf.monitor.systemtest.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the repository paths a document names that do not exist: inline code such as
 * {@code `bench/run.sh`} or {@code `src/main/resources/logback.xml`} (from the document's directory or the
 * repository root), words of its fenced commands, and the targets and anchors of its relative links. A word
 * counts as a repository path when its first segment exists there (so {@code application/json} or
 * {@code http/HttpGate} are not paths); {@code *} matches within a segment and {@code ...} any directories;
 * paths into generated directories ({@link Repository#GENERATED}) are not checked.
 *
 * <pre>{@code
 * List<String> problems = new PathReferences(repo, docs).problems(readme);
 * // ["README.md:12: `docs/nothing.md` does not exist", ...]
 * }</pre>
 */
final class PathReferences {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern PATH = Pattern.compile("(?:\\./)?[\\w.-]+(?:/[\\w.*-]+|/\\.\\.\\.)+/?");
    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*:.*");

    private final Repository repo;
    private final Map<Path, MarkdownDoc> docs = new HashMap<>();

    /**
     * @param repo the repository
     * @param docs its documents, for the anchors of links between them
     */
    PathReferences(Repository repo, List<MarkdownDoc> docs) {
        this.repo = repo;
        docs.forEach(doc -> this.docs.put(doc.file().normalize(), doc));
    }

    /** @return one line per missing path or anchor, naming the document and line */
    List<String> problems(MarkdownDoc doc) {
        List<String> problems = new ArrayList<>();
        for (MarkdownDoc.Line span : doc.codeSpans()) {
            checkWord(doc, span, span.text(), false, problems);
        }
        for (MarkdownDoc.Line line : doc.prose()) {
            Matcher link = LINK.matcher(line.text());
            while (link.find()) {
                checkLink(doc, line, link.group(1), problems);
            }
        }
        for (MarkdownDoc.Line command : doc.commands()) {
            for (String word : command.text().split("\\s+")) {
                checkWord(doc, command, word.replaceAll("^[\"'(]+|[\"'),;:]+$", ""), true, problems);
            }
        }
        return problems;
    }

    private void checkWord(MarkdownDoc doc, MarkdownDoc.Line line, String word, boolean inCommand,
            List<String> problems) {
        if (!PATH.matcher(word).matches()) {
            return;
        }
        String path = word.startsWith("./") ? word.substring(2) : word;
        if (inCommand && path.startsWith("../")) {
            return;   // relative to a working directory the command does not name
        }
        String first = path.substring(0, path.indexOf('/'));
        List<Path> bases = Stream.of(doc.file().getParent(), repo.root())
                .filter(base -> Files.exists(base.resolve(first))).toList();
        if (bases.isEmpty() || Repository.generated(Path.of(path.replace("...", "x").replace("*", "x")))) {
            return;
        }
        if (bases.stream().noneMatch(base -> exists(base, path))) {
            problems.add(line.where() + ": `" + word + "` does not exist (from the document's directory or the "
                    + "repository root)");
        }
    }

    private void checkLink(MarkdownDoc doc, MarkdownDoc.Line line, String target, List<String> problems) {
        if (SCHEME.matcher(target).matches()) {
            return;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? doc.file() : doc.file().getParent().resolve(file).normalize();
        if (!Files.exists(linked)) {
            problems.add(line.where() + ": link target " + target + " does not exist");
            return;
        }
        MarkdownDoc targetDoc = docs.get(linked);
        if (hash >= 0 && targetDoc != null && !targetDoc.anchors().contains(target.substring(hash + 1))) {
            problems.add(line.where() + ": link " + target + ": " + targetDoc.name() + " has no heading with anchor #"
                    + target.substring(hash + 1));
        }
    }

    /** Whether {@code path} exists below {@code base}: {@code *} within a segment, {@code ...} any directories. */
    private static boolean exists(Path base, String path) {
        if (!path.contains("*") && !path.contains("...")) {
            return Files.exists(base.resolve(path));
        }
        String pattern = path.replaceAll("/$", "");
        int literal = pattern.lastIndexOf('/', Math.min(index(pattern, "*"), index(pattern, "...")));
        Path start = base.resolve(pattern.substring(0, Math.max(literal, 0)));
        PathMatcher matcher = base.getFileSystem().getPathMatcher("glob:" + pattern.replace("...", "**"));
        if (!Files.isDirectory(start)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.anyMatch(file -> matcher.matches(base.relativize(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int index(String text, String part) {
        int at = text.indexOf(part);
        return at < 0 ? text.length() : at;
    }
}
