package eu.atmosphere.tmaf.monitor.server.ingest;

import java.util.Arrays;

/**
 * The items of a JSON array body as the probe sent them: one byte scan (aware of strings and
 * their escapes) finds each top-level item's bytes, so a batch needs no second parse and no
 * writing back. An item that holds insignificant whitespace (pretty-printed, tabs, CRLF) is not
 * compact and is reported as {@code null}: the caller writes that one compactly from the tree.
 *
 * <pre>{@code
 * byte[][] items = BatchItems.compactSlices(body, document.size());   // items[i] == null: not compact
 * }</pre>
 */
final class BatchItems {

    private BatchItems() {
    }

    /**
     * @param body  a body the parser read as exactly one JSON array (a UTF-8 byte order mark and JSON
     *              whitespace may surround it), of objects or arrays only
     * @param items how many items the parser found in it
     * @return for each item its exact bytes if it holds no insignificant whitespace, else {@code null}
     * @throws IllegalStateException if the bytes do not hold that array (never for a parsed body)
     */
    static byte[][] compactSlices(byte[] body, int items) {
        byte[][] slices = new byte[items][];
        int found = 0;
        int depth = 0;
        int start = -1;
        boolean spaced = false;
        boolean inString = false;
        int i = arrayStart(body) + 1;
        for (; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> inString = true;
                case '{', '[' -> {
                    if (depth++ == 0) {
                        start = i;
                        spaced = false;
                    }
                }
                case '}', ']' -> {
                    if (depth == 0) {
                        return requireAll(slices, found, items);
                    }
                    if (--depth == 0) {
                        if (found == items) {
                            throw new IllegalStateException("more items in the body than the parser found");
                        }
                        slices[found++] = spaced ? null : Arrays.copyOfRange(body, start, i + 1);
                    }
                }
                case ' ', '\t', '\n', '\r' -> spaced |= depth > 0;
                default -> {
                    // commas, colons and the bytes of numbers and literals: part of the item as it is
                }
            }
        }
        throw new IllegalStateException("a parsed JSON array ends with ']'");
    }

    private static int arrayStart(byte[] body) {
        int i = OutgoingRecords.valueStart(body);
        if (i == body.length || body[i] != '[') {
            throw new IllegalStateException("a parsed JSON array starts with '['");
        }
        return i;
    }

    private static byte[][] requireAll(byte[][] slices, int found, int items) {
        if (found != items) {
            throw new IllegalStateException("the body holds " + found + " items, the parser found " + items);
        }
        return slices;
    }
}
