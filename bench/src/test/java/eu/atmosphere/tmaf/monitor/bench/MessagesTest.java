package eu.atmosphere.tmaf.monitor.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The harness's JSON handling: whitespace, batches, the resourceId of each connection and of each record. */
class MessagesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void minifyKeepsStringsAndNumbersAsWritten() {
        byte[] message = Messages.minify(utf8("{ \"probeId\" : 7,\n \"s\": \"a b\\\" c\", \"v\": 20000.00001 }"));
        assertArrayEquals(utf8("{\"probeId\":7,\"s\":\"a b\\\" c\",\"v\":20000.00001}"), message);
        assertEquals(7, Messages.longField(message, "probeId"));
    }

    @Test
    void batchesAreArraysOfTheSameBytes() {
        byte[] message = Messages.minify(utf8("{\"probeId\":7}"));
        byte[] batch = Messages.batch(message, 3);
        assertEquals(3, Messages.topLevelArrayLength(batch));
        assertEquals(1, Messages.topLevelArrayLength(message));
        assertEquals(3 * message.length + 4, batch.length);
    }

    @Test
    void resourceIdIsReplacedAndReadBack() {
        byte[] other = Messages.withResourceId(utf8("{\"probeId\":0,\"resourceId\":101098,\"x\":1}"), 101113);
        assertEquals("{\"probeId\":0,\"resourceId\":101113,\"x\":1}", new String(other, StandardCharsets.UTF_8));
        assertEquals(101113, Messages.resourceId(other));
        assertEquals(-1, Messages.resourceId(utf8("{\"resourceId\":\"7\"}")));
        assertEquals(-1, Messages.resourceId(utf8("not json")));
        assertThrows(IllegalArgumentException.class, () -> Messages.withResourceId(utf8("{\"x\":1}"), 1));
        assertThrows(IllegalArgumentException.class, () -> Messages.longField(utf8("[1]"), "probeId"));
    }
}
