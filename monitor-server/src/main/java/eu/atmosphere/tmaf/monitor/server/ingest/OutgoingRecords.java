package eu.atmosphere.tmaf.monitor.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a validated document into one record per message. A single message keeps the bytes
 * the probe sent; the items of a batch are written compactly from the already parsed tree, so
 * the body is parsed once.
 */
final class OutgoingRecords {

    private static final ObjectWriter COMPACT = new ObjectMapper().writer();

    private OutgoingRecords() {
    }

    static List<OutgoingRecord> of(JsonNode document, byte[] body) {
        if (document.isObject()) {
            return List.of(record(document, body));
        }
        List<OutgoingRecord> records = new ArrayList<>(document.size());
        for (JsonNode message : document) {
            records.add(record(message, compact(message)));
        }
        return records;
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
