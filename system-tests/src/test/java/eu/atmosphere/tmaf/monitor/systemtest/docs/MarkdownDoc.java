package eu.atmosphere.tmaf.monitor.systemtest.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown document as the doc checks read it: its prose lines (outside fenced code blocks), their inline
 * code, its fenced blocks' commands (a line and its backslash continuations, comments dropped) and the anchors of
 * its headings.
 *
 * <pre>{@code
 * MarkdownDoc readme = MarkdownDoc.read(root, root.resolve("README.md"));
 * for (MarkdownDoc.Line line : readme.prose()) { ... line.where() ... }   // "README.md:12"
 * }</pre>
 *
 * @param file     the document
 * @param name     its path from the repository root, for messages
 * @param lines    its lines
 * @param fences   each line's fenced block's info string ("bash", "console", ...), null outside blocks and on
 *                 the fence lines themselves
 */
record MarkdownDoc(Path file, String name, List<String> lines, List<String> fences) {

    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w-]*).*$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(?<!`)`([^`]+)`(?!`)");
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{Nd}_\\- ]");

    /** A line of a document, numbered from 1. */
    record Line(MarkdownDoc doc, int number, String text) {
        /** @return {@code doc:line}, as messages name it */
        String where() {
            return doc.name() + ":" + number;
        }
    }

    /**
     * @param root the repository root
     * @param file a Markdown file below it
     * @return the document
     */
    static MarkdownDoc read(Path root, Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> fences = new ArrayList<>();
            String open = null;
            for (String line : lines) {
                Matcher fence = FENCE.matcher(line);
                if (fence.matches()) {
                    open = open == null ? fence.group(1) : null;
                    fences.add(null);
                } else {
                    fences.add(open);
                }
            }
            return new MarkdownDoc(file, root.relativize(file).toString(), lines, fences);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the lines outside fenced code blocks */
    List<Line> prose() {
        List<Line> prose = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (fences.get(i) == null && !FENCE.matcher(lines.get(i)).matches()) {
                prose.add(new Line(this, i + 1, lines.get(i)));
            }
        }
        return prose;
    }

    /**
     * @return the inline code of the prose ({@code `...`}), a span continued on the next line of its paragraph
     *         joined with a space, numbered by the line it starts on
     */
    List<Line> codeSpans() {
        List<Line> spans = new ArrayList<>();
        List<Line> prose = prose();
        for (int first = 0; first < prose.size(); ) {
            int end = first + 1;
            while (end < prose.size() && continues(prose.get(end - 1), prose.get(end))) {
                end++;
            }
            StringBuilder text = new StringBuilder();
            int[] starts = new int[end - first];
            for (int i = first; i < end; i++) {
                starts[i - first] = text.length();
                text.append(prose.get(i).text()).append(' ');
            }
            Matcher span = CODE_SPAN.matcher(text);
            while (span.find()) {
                int line = first;
                while (line + 1 < end && starts[line + 1 - first] <= span.start()) {
                    line++;
                }
                spans.add(new Line(this, prose.get(line).number(), span.group(1).strip()));
            }
            first = end;
        }
        return spans;
    }

    /** Whether {@code next} continues the paragraph of {@code line} (a table row is a paragraph of its own). */
    private static boolean continues(Line line, Line next) {
        return next.number() == line.number() + 1 && !line.text().isBlank() && !next.text().isBlank()
                && !line.text().startsWith("|") && !next.text().startsWith("|");
    }

    /**
     * @return the commands of the fenced blocks: a line joined with the lines its trailing backslashes continue
     *         to, without a {@code #} comment, numbered by its first line; a console block's {@code $ } prompt is
     *         removed and its output lines are left out
     */
    List<Line> commands() {
        List<Line> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        int first = 0;
        for (int i = 0; i < lines.size(); i++) {
            String fence = fences.get(i);
            if (fence == null) {
                continue;
            }
            String text = lines.get(i);
            if (command.length() == 0) {
                if (fence.equals("console")) {
                    if (!text.startsWith("$ ")) {
                        continue;
                    }
                    text = text.substring(2);
                }
                first = i + 1;
            }
            boolean continued = text.endsWith("\\");
            command.append(continued ? text.substring(0, text.length() - 1) : text).append(' ');
            if (!continued) {
                commands.add(new Line(this, first, withoutComment(command.toString()).strip()));
                command.setLength(0);
            }
        }
        return commands;
    }

    /** @return the anchors GitHub gives this document's headings, e.g. {@code request-path-one-pipeline} */
    Set<String> anchors() {
        Set<String> anchors = new HashSet<>();
        for (Line line : prose()) {
            Matcher heading = HEADING.matcher(line.text());
            if (heading.matches()) {
                String anchor = NOT_IN_ANCHOR.matcher(heading.group(1).toLowerCase(Locale.ROOT)).replaceAll("")
                        .replace(' ', '-');
                String unique = anchor;
                for (int n = 1; !anchors.add(unique); n++) {
                    unique = anchor + "-" + n;
                }
            }
        }
        return anchors;
    }

    /** A {@code #} that starts a word outside quotes starts a shell comment. */
    private static String withoutComment(String command) {
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(command.charAt(i - 1)))) {
                return command.substring(0, i);
            }
        }
        return command;
    }
}
