package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.function.Executable;

/** What the streaming pass must say about any body, compared with the tree parser's reading of it. */
final class ScanAssertions {

    private ScanAssertions() {
    }

    /**
     * @return the body's tree; {@code null} if the tree parser refuses the body, after checking that
     * {@link MessageValidator#check} refuses it with the same message, line and column, and so does the
     * streaming pass on its own (without the rules, which could leave a message to the tree parser)
     */
    static JsonNode treeOrRefusedAlike(byte[] body, MessageValidator validator, String context) {
        try {
            return JsonDocumentParser.DEFAULT.parse(body);
        } catch (MalformedJsonException tree) {
            assertRefusedAlike(tree, () -> validator.check(body, Integer.MAX_VALUE, Integer.MAX_VALUE), context);
            assertRefusedAlike(tree, () -> DocumentScan.of(body, StructuralCheck.ObjectShape.UNCHECKED,
                    Integer.MAX_VALUE), context + "the pass alone: ");
            return null;
        }
    }

    private static void assertRefusedAlike(MalformedJsonException tree, Executable reading, String context) {
        MalformedJsonException pass = assertThrows(MalformedJsonException.class, reading,
                () -> context + "the tree parser refuses it (" + tree.getMessage() + "), the pass does not");
        assertEquals(tree.getMessage(), pass.getMessage(), context);
        assertEquals(tree.line(), pass.line(), context + tree.getMessage());
        assertEquals(tree.column(), pass.column(), context + tree.getMessage());
    }

    /**
     * Checks message {@code index} of a scan: its byte range re-parses to exactly {@code message} (an object's
     * range runs from its {@code '{'} to its {@code '}'}), and its ids are the tree's top-level integer
     * {@code probeId} and {@code resourceId} where those fit a {@code long}.
     */
    static void assertRangeAndIds(byte[] body, DocumentScan scan, int index, JsonNode message, String where)
            throws MalformedJsonException {
        int start = scan.start(index);
        int end = scan.end(index);
        assertEquals(message, JsonDocumentParser.DEFAULT.parse(body, start, end - start), where);
        if (message.isObject()) {
            assertEquals('{', body[start], where);
            assertEquals('}', body[end - 1], where);
        }
        JsonNode probeId = message.path("probeId");
        JsonNode resourceId = message.path("resourceId");
        assertEquals(fitsLong(probeId), scan.hasProbeId(index), where);
        assertEquals(fitsLong(resourceId), scan.hasResourceId(index), where);
        if (fitsLong(probeId)) {
            assertEquals(probeId.longValue(), scan.probeId(index), where);
        }
        if (fitsLong(resourceId)) {
            assertEquals(resourceId.longValue(), scan.resourceId(index), where);
        }
    }

    /** An integer literal becomes an {@code IntNode} or {@code LongNode} if it fits a {@code long}. */
    private static boolean fitsLong(JsonNode value) {
        return value.isInt() || value.isLong();
    }
}
