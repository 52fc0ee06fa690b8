package eu.atmosphere.tmaf.monitor.systemtest.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commands of the README's "Walk-through" section, in order: each command of its fenced {@code bash} and
 * {@code console} blocks, whether it starts the server (terminal 1) or runs in the user's shell (terminal 2), and,
 * for a console block's command, the output printed under it.
 *
 * <pre>{@code
 * for (WalkThrough.Step step : WalkThrough.of(MarkdownDoc.read(root, root.resolve("README.md")))) {
 *     step.server();            // java ... -jar monitor-server/target/monitor-server.jar [serve ...]
 *     step.expectedOutput();    // null when the README shows none
 * }
 * }</pre>
 */
final class WalkThrough {

    /** The section's heading. */
    static final String SECTION = "## Walk-through";
    /** A comment that marks a command this machine may not be able to run. */
    static final String NEEDS_RUNTIME = "needs a container runtime";

    /**
     * One command of the walk-through.
     *
     * @param line           where it is
     * @param server         whether it starts the monitor (it then runs until the next server or the end)
     * @param needsRuntime   whether its comment says it needs a container runtime
     * @param expectedOutput the lines a console block shows under it; null outside console blocks
     */
    record Step(MarkdownDoc.Line line, boolean server, boolean needsRuntime, List<String> expectedOutput) {
        String command() {
            return line.text();
        }
    }

    private WalkThrough() {
    }

    /**
     * @param readme the README
     * @return its walk-through's steps
     * @throws IllegalStateException if it has no such section
     */
    static List<Step> of(MarkdownDoc readme) {
        List<String> lines = readme.lines();
        int start = lines.indexOf(SECTION);
        if (start < 0) {
            throw new IllegalStateException(readme.name() + " has no section \"" + SECTION + "\"");
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        List<Step> steps = new ArrayList<>();
        for (MarkdownDoc.Line command : readme.commands()) {
            int index = command.number() - 1;
            if (index <= start || index >= end) {
                continue;
            }
            String raw = rawCommand(lines, index);
            boolean server = CommandOptions.invocation(Arrays.asList(command.text().split("\\s+")))
                    .filter(run -> run.command().equals(List.of("serve"))).isPresent();
            List<String> output = "console".equals(readme.fences().get(index)) ? output(readme, index) : null;
            steps.add(new Step(command, server, raw.contains(NEEDS_RUNTIME), output));
        }
        return steps;
    }

    /** The command's lines as written, comments included. */
    private static String rawCommand(List<String> lines, int index) {
        StringBuilder raw = new StringBuilder(lines.get(index));
        for (int i = index; lines.get(i).endsWith("\\") && i + 1 < lines.size(); i++) {
            raw.append('\n').append(lines.get(i + 1));
        }
        return raw.toString();
    }

    /** The lines under a console command, up to the next command or the end of the block. */
    private static List<String> output(MarkdownDoc readme, int index) {
        List<String> output = new ArrayList<>();
        int last = index;
        while (readme.lines().get(last).endsWith("\\")) {
            last++;
        }
        for (int i = last + 1; i < readme.lines().size() && readme.fences().get(i) != null
                && !readme.lines().get(i).startsWith("$ "); i++) {
            output.add(readme.lines().get(i));
        }
        return output;
    }
}
