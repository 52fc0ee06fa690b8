package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.kafka.OutgoingRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a validated document into one record per message, each value a clean JSON object
 * text: UTF-8 (the parser accepts nothing else), first byte {@code '{'}, last byte {@code '}'},
 * no byte order mark. A single message keeps the bytes the probe sent, without the UTF-8 byte
 * order mark and the whitespace around the object that the parser tolerated (RFC 8259 lets a
 * parser ignore a BOM; consumers such as the knowledge-base loader's org.json fail on it). The
 * items of a batch are stored compactly: an item sent without insignificant whitespace keeps its
 * exact bytes ({@link BatchItems}: a byte scan, no second parse), any other item is written
 * compactly from the already parsed tree, so the body is parsed once either way.
 */
final class OutgoingRecords {

    private static final ObjectWriter COMPACT = new ObjectMapper().writer();

    private OutgoingRecords() {
    }

    static List<OutgoingRecord> of(JsonNode document, byte[] body) {
        if (document.isObject()) {
            return List.of(record(document, objectText(body)));
        }
        byte[][] slices = BatchItems.compactSlices(body, document.size());
        List<OutgoingRecord> records = new ArrayList<>(document.size());
        for (int i = 0; i < slices.length; i++) {
            JsonNode message = document.get(i);
            records.add(record(message, slices[i] != null ? slices[i] : compact(message)));
        }
        return records;
    }

    /**
     * @param body a body the parser read as exactly one JSON object: a UTF-8 byte order mark and JSON
     *             whitespace may surround it, nothing else
     * @return the object's bytes alone
     */
    static byte[] objectText(byte[] body) {
        int start = valueStart(body);
        int end = body.length;
        while (isJsonWhitespace(body[end - 1])) {
            end--;
        }
        if (body[start] != '{' || body[end - 1] != '}') {
            throw new IllegalStateException("a parsed JSON object starts with '{' and ends with '}'");
        }
        return start == 0 && end == body.length ? body : Arrays.copyOfRange(body, start, end);
    }

    /**
     * @param body a body the parser read as one JSON value
     * @return the index of the value's first byte: after a UTF-8 byte order mark and JSON whitespace
     */
    static int valueStart(byte[] body) {
        int start = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF ? 3 : 0;
        while (start < body.length && isJsonWhitespace(body[start])) {
            start++;
        }
        return start;
    }

    /** RFC 8259 insignificant whitespace: space, tab, line feed, carriage return. */
    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static OutgoingRecord record(JsonNode message, byte[] value) {
        return new OutgoingRecord(message.get("probeId").longValue(), message.get("resourceId").longValue(), value);
    }

    private static byte[] compact(JsonNode message) {
        try {
            return COMPACT.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }
}
