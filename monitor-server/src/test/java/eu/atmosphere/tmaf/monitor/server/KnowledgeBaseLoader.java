package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import eu.atmosphere.tmaf.monitor.schema.MalformedJsonException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Reads a record of {@code topic-monitor} exactly as the TMA knowledge-base data-loader does:
 * key with Kafka's {@code LongDeserializer}, value with {@code StringDeserializer} and org.json's
 * {@code JSONObject}, {@code getInt} for {@code probeId}, {@code resourceId},
 * {@code descriptionId} and {@code observations[].time}, {@code getDouble} for {@code value}; one
 * row per observation. What it throws on a record, the loader throws too (and stops there for good).
 */
final class KnowledgeBaseLoader {

    /**
     * One row of the knowledge base (its primary key is probe, description, resource, time). Values
     * are compared as the database column compares them: {@code + 0.0} makes -0.0 the 0.0 it equals.
     */
    record Row(int probeId, int resourceId, int descriptionId, String type, int time, double value) {
    }

    /** Numbers compare by value ({@code 724.0} = {@code 724}), everything else as usual. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
    private static final LongDeserializer KEYS = new LongDeserializer();
    private static final StringDeserializer VALUES = new StringDeserializer();

    private KnowledgeBaseLoader() {
    }

    /**
     * @param record a record as stored
     * @return its rows, read the loader's way
     */
    static List<Row> rows(ConsumerRecord<byte[], byte[]> record) {
        Long key = KEYS.deserialize(record.topic(), record.key());
        JSONObject message = new JSONObject(VALUES.deserialize(record.topic(), record.value()));
        int resourceId = message.getInt("resourceId");
        assertEquals(key.longValue(), resourceId, "record key = resourceId");
        List<Row> rows = new ArrayList<>();
        JSONArray data = message.getJSONArray("data");
        for (int i = 0; i < data.length(); i++) {
            JSONObject item = data.getJSONObject(i);
            JSONArray observations = item.getJSONArray("observations");
            for (int j = 0; j < observations.length(); j++) {
                JSONObject observation = observations.getJSONObject(j);
                rows.add(new Row(message.getInt("probeId"), resourceId, item.getInt("descriptionId"),
                        item.getString("type"), observation.getInt("time"), observation.getDouble("value") + 0.0));
            }
        }
        return rows;
    }

    /**
     * @param sent a message as the probe sent it, parsed exactly (Jackson)
     * @return the rows it must become; fails if a field does not fit what the knowledge base stores
     */
    static List<Row> expectedRows(JsonNode sent) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode item : sent.get("data")) {
            for (JsonNode observation : item.get("observations")) {
                rows.add(new Row(Math.toIntExact(sent.get("probeId").longValue()),
                        Math.toIntExact(sent.get("resourceId").longValue()),
                        Math.toIntExact(item.get("descriptionId").longValue()), item.get("type").textValue(),
                        Math.toIntExact(observation.get("time").longValue()), observation.get("value").doubleValue() + 0.0));
            }
        }
        return rows;
    }

    /**
     * Asserts the record is what {@code sent} must become: a clean JSON object text (first byte
     * {@code '{'}, so no byte order mark or whitespace), semantically equal to it, whose rows, read
     * the loader's way, equal the sent ones.
     */
    static void assertStoredAsSent(JsonNode sent, ConsumerRecord<byte[], byte[]> record) {
        assertEquals('{', record.value()[0], "the record value starts with '{'");
        assertEquals('}', record.value()[record.value().length - 1], "the record value ends with '}'");
        try {
            JsonNode stored = JsonDocumentParser.DEFAULT.parse(record.value());
            assertTrue(sent.equals(NUMBERS_BY_VALUE, stored), () -> "semantically what was sent: " + sent + " vs " + stored);
        } catch (MalformedJsonException e) {
            throw new AssertionError("the record value is not JSON", e);
        }
        assertEquals(expectedRows(sent), rows(record));
    }
}
