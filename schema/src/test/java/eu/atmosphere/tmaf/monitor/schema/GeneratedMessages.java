package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded source of message texts for the differential test: messages valid under every profile
 * (ids, times and values spread over their ranges, boundaries favoured, unknown extra properties,
 * every number notation), and mutants of them, each with one to three changes: a value replaced by
 * a boundary number, a number in another notation, a value of another type or an unknown/variant
 * enum string; a field removed or added; an array emptied; deep nesting. Values are written as raw
 * literals, so the texts go through {@link JsonDocumentParser} exactly as a request body would.
 */
final class GeneratedMessages {

    /** Numbers around every bound of both profiles, in several notations. */
    static final List<String> BOUNDARY_NUMBERS = List.of(
            "-1", "0", "1", "2", "-0", "0.0", "-0.0", "1.0", "1.5", "1e3", "1E+3", "1e-3", "1E0", "0e10", "-1e0",
            "2147483646", "2147483647", "2147483648", "2147483647.0", "2.147483647E9", "-2147483648", "-2147483649",
            "4294967297", "9223372036854775806", "9223372036854775807", "9223372036854775808",
            "9223372036854775807.0", "9.223372036854775807E18", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "123456789012345678901234567890",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.79769313486231569e308",
            "1.7976931348623157000000001e308", "1e308", "1e309", "4.9e-324", "1e-400",
            "-1.7976931348623157e308", "-1.7976931348623158e308", "-1.7976931348623157000000001e308", "-1e309",
            "1535971455", "1535971455000", "1535971455000000", "1535971455000000000");

    /**
     * Values of every other JSON type, strings that are almost an enum value, strings holding JSON's structural
     * characters and escapes, containers holding the message's field names.
     */
    static final List<String> OTHER_VALUES = List.of(
            "null", "true", "false", "\"1\"", "\"\"", "\"measurement\"", "\"event\"", "\"Measurement\"", "\"EVENT\"",
            "\"measurement \"", "\"mesurement\"", "\"\\u006deasurement\"", "\"m\\u0435asurement\"", "\"\u00e9vent\"",
            "\"event\\u0000\"", "[]", "[1]", "[null]", "{}", "{\"time\":1,\"value\":1}", "{\"a\":[{}]}",
            "\"}{\\\"][\\\\\"", "\"{\\\"probeId\\\":7}\"", "[{\"a\":{\"b\":[[],{}]}},\"}\",\"]\"]",
            "{\"probeId\":7,\"resourceId\":[8],\"data\":[{\"type\":\"event\"}]}");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] FIELDS = {"probeId", "resourceId", "messageId", "sentTime", "data", "type",
        "descriptionId", "observations", "time", "value", "extra"};

    private final Random random;

    GeneratedMessages(long seed) {
        this.random = new Random(seed);
    }

    /** @return a message valid under every acceptance profile */
    ObjectNode valid() {
        ObjectNode message = NODES.objectNode();
        message.putRawValue("probeId", raw(integer(0, Integer.MAX_VALUE)));
        message.putRawValue("resourceId", raw(integer(0, Integer.MAX_VALUE)));
        message.putRawValue("messageId", raw(integer(0, Long.MAX_VALUE)));
        message.putRawValue("sentTime", raw(integer(0, Long.MAX_VALUE)));
        ArrayNode data = message.putArray("data");
        for (int d = 1 + random.nextInt(4); d > 0; d--) {
            ObjectNode item = data.addObject();
            item.put("type", random.nextBoolean() ? "measurement" : "event");
            item.putRawValue("descriptionId", raw(integer(0, Integer.MAX_VALUE)));
            ArrayNode observations = item.putArray("observations");
            for (int o = 1 + random.nextInt(4); o > 0; o--) {
                ObjectNode observation = observations.addObject();
                observation.putRawValue("time", raw(integer(1, Integer.MAX_VALUE)));
                observation.putRawValue("value", raw(value()));
                maybeExtra(observation);
            }
            maybeExtra(item);
        }
        maybeExtra(message);
        return message;
    }

    /** @return a copy of {@code message} with one to three random changes (it may still be valid) */
    ObjectNode mutant(ObjectNode message) {
        ObjectNode copy = message.deepCopy();
        for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
            mutate(copy);
        }
        return copy;
    }

    /** @return the message as JSON text, its raw literals as they are */
    static byte[] text(JsonNode message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void mutate(ObjectNode message) {
        List<Slot> slots = new ArrayList<>();
        slots(message, slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> slot.replace(raw(pick(BOUNDARY_NUMBERS)));
            case 4, 5 -> slot.replace(raw(pick(OTHER_VALUES)));
            case 6 -> slot.remove();
            case 7 -> slot.parent().putRawValue(FIELDS[random.nextInt(FIELDS.length)], raw(pick(OTHER_VALUES)));
            case 8 -> slot.replace(raw(random.nextBoolean() ? "[]" : "{}"));
            default -> slot.replace(raw(nested(1 + random.nextInt(70))));
        }
    }

    /**
     * Where a value sits: a field of an object, or an item of an array ({@code field} null); {@code parent}
     * is the object a field may be added to (for an item that is not an object, a detached one).
     */
    private record Slot(ContainerNode<?> container, String field, int index, ObjectNode parent) {

        void replace(RawValue value) {
            if (container instanceof ObjectNode object) {
                object.putRawValue(field, value);
            } else {
                ((ArrayNode) container).set(index, NODES.rawValueNode(value));
            }
        }

        void remove() {
            if (container instanceof ObjectNode object) {
                object.remove(field);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }

    private static void slots(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(field -> {
                slots.add(new Slot(object, field, -1, object));
                slots(object.get(field), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                slots.add(new Slot(array, null, i, item instanceof ObjectNode o ? o : NODES.objectNode()));
                slots(item, slots);
            }
        }
    }

    private String integer(long min, long max) {
        return switch (random.nextInt(6)) {
            case 0 -> Long.toString(min);
            case 1 -> Long.toString(max);
            case 2 -> min == 0 && random.nextBoolean() ? "-0" : Long.toString(min + random.nextInt(1000));
            default -> Long.toString(min + (long) (random.nextDouble() * (max - min)));
        };
    }

    private String value() {
        return switch (random.nextInt(9)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Double.toString(random.nextDouble() * 1e6);
            case 2 -> Double.toString(-random.nextDouble() * Math.pow(10, random.nextInt(300)));
            case 3 -> random.nextBoolean() ? "1.7976931348623157e308" : "-1.7976931348623157E+308";
            case 4 -> pick(List.of("0", "-0", "0.0", "-0.0", "1e-400", "4.9e-324", "1E3", "2.5e-7"));
            case 5 -> "123456789012345678901234567890";
            default -> random.nextInt(100000) + "." + random.nextInt(100000);
        };
    }

    private void maybeExtra(ObjectNode object) {
        if (random.nextInt(5) == 0) {
            object.putRawValue("extra" + random.nextInt(3), raw(pick(OTHER_VALUES)));
        }
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static RawValue raw(String literal) {
        return new RawValue(literal);
    }
}
