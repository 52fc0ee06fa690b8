package eu.atmosphere.tmaf.monitor.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON the harness posts and reads back, with Jackson: numbers are kept as written (big decimals), so a
 * message keeps its size and its values whether sent alone or in a batch.
 *
 * <pre>{@code
 * byte[] message = Messages.minify(Files.readAllBytes(Path.of("bench/message-1100.json")));
 * byte[] batch = Messages.batch(Messages.withResourceId(message, 101_001), 100);
 * }</pre>
 */
final class Messages {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Messages() {
    }

    /** @return the JSON without insignificant whitespace, so a single message and a batch item have the same size */
    static byte[] minify(byte[] json) {
        return write(read(json));
    }

    /** @return a JSON array of {@code n} copies of the message */
    static byte[] batch(byte[] message, int n) {
        JsonNode item = read(message);
        ArrayNode array = MAPPER.createArrayNode();
        for (int i = 0; i < n; i++) {
            array.add(item);
        }
        return write(array);
    }

    /** @return the message with its top-level resourceId replaced */
    static byte[] withResourceId(byte[] message, long id) {
        ObjectNode object = object(message);
        longField(object, "resourceId");
        object.put("resourceId", id);
        return write(object);
    }

    /** @return the top-level integer field {@code name} of the message */
    static long longField(byte[] message, String name) {
        return longField(object(message), name);
    }

    /** @return the number of items of a top-level array, 1 for anything else (a single message) */
    static int topLevelArrayLength(byte[] body) {
        JsonNode node = read(body);
        return node.isArray() ? node.size() : 1;
    }

    /** @return the top-level integer resourceId of a record's value, or -1 if it has none (or is no JSON object) */
    static long resourceId(byte[] value) {
        try {
            JsonNode id = MAPPER.readTree(value).path("resourceId");
            return id.isIntegralNumber() && id.canConvertToLong() ? id.longValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long longField(ObjectNode object, String name) {
        JsonNode field = object.path(name);
        if (!field.isIntegralNumber() || !field.canConvertToLong()) {
            throw new IllegalArgumentException("the message has no integer field " + name);
        }
        return field.longValue();
    }

    private static ObjectNode object(byte[] json) {
        JsonNode node = read(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("a JSON object (one message) expected");
        }
        return (ObjectNode) node;
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
