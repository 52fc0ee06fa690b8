package eu.atmosphere.tmaf.monitor.server.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte scan that finds a batch's items, on bodies the server's own parser accepted. */
class BatchItemsTest {

    @Test
    void findsEachItemAndKeepsOnlyCompactOnes() throws Exception {
        String first = "{\"s\":\"ends in a backslash\\\\\",\"t\":\"\\\"}]\\\\\\\"[{\",\"a\":[[],[{}]],\"n\":-0.0}";
        String spaced = "{\"a\": 1}";
        String third = "{\"x\":\"tab\\tand space inside a string \"}";
        byte[][] items = slices("\uFEFF \r\n[" + first + ",\t" + spaced + " ,\n" + third + "]\r\n");

        assertArrayEquals(utf8(first), items[0]);
        assertNull(items[1]);
        assertArrayEquals(utf8(third), items[2]);
    }

    @Test
    void findsItemsThatAreArrays() throws Exception {
        byte[][] items = slices("[[1,\"]\"],[ 2 ]]");

        assertArrayEquals(utf8("[1,\"]\"]"), items[0]);
        assertNull(items[1]);
    }

    @Test
    void refusesACountTheBodyDoesNotHold() {
        assertThrows(IllegalStateException.class, () -> BatchItems.compactSlices(utf8("[{},{}]"), 1));
        assertThrows(IllegalStateException.class, () -> BatchItems.compactSlices(utf8("[{},{}]"), 3));
        assertThrows(IllegalStateException.class, () -> BatchItems.compactSlices(utf8("{}"), 1));
    }

    /** Parses the body as the server does (so it is a body the server would scan), then scans it. */
    private static byte[][] slices(String json) throws Exception {
        byte[] body = utf8(json);
        return BatchItems.compactSlices(body, JsonDocumentParser.DEFAULT.parse(body).size());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
