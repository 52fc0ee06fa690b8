package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * Derives a {@link StructuralCheck} from a JSON Schema document, for the subset of draft-07 the
 * message schemas use, and nothing more: {@code type} (one of object, array, string, integer,
 * number, as a single string) with {@code required} + {@code properties} (objects), {@code items}
 * (one schema) + {@code minItems} (arrays), {@code enum} of strings (strings), {@code minimum} +
 * {@code maximum} (numbers), and {@code $ref} to {@code #/definitions/NAME} on its own. The
 * annotations {@code $schema}, {@code $id} (at the root), {@code title}, {@code description},
 * {@code definitions}, {@code $comment} and {@code x-*} are ignored. Any other keyword or form
 * (e.g. {@code exclusiveMinimum}, {@code additionalProperties}, {@code items} as an array,
 * {@code type} as an array, another kind of {@code $ref}) means "no fast path": the schema then
 * compiles to nothing and everit checks every document.
 *
 * <p>Bounds are read twice: exactly, from the schema's literal, and as the {@code Number} org.json
 * hands to everit for it (converted to {@code BigDecimal} as everit's comparison does); the check
 * uses the tighter of the two, so it never accepts a value everit would refuse.
 *
 * <p>The root schema must be an object shape: a message is an object.
 *
 * <pre>{@code
 * Optional<StructuralCheck.ObjectShape> fastPath = StructuralCheckCompiler.compile(AcceptanceProfile.DEFAULT.schemaBytes());
 * }</pre>
 */
final class StructuralCheckCompiler {

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "definitions",
            "$comment");
    private static final Pattern DEFINITION_REFERENCE = Pattern.compile("#/definitions/([A-Za-z0-9_-]+)");
    private static final Map<String, Set<String>> KEYWORDS_OF_TYPE = Map.of(
            "object", Set.of("type", "required", "properties"),
            "array", Set.of("type", "items", "minItems"),
            "string", Set.of("type", "enum"),
            "integer", Set.of("type", "minimum", "maximum"),
            "number", Set.of("type", "minimum", "maximum"));

    /** Thrown inside the compiler for a keyword or form it does not understand. */
    private static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private final JsonNode root;
    private final JSONObject everitRoot;
    private final Map<String, StructuralCheck.Reference> definitions = new HashMap<>();

    private StructuralCheckCompiler(JsonNode root, JSONObject everitRoot) {
        this.root = root;
        this.everitRoot = everitRoot;
    }

    /**
     * @param schemaJson a complete JSON Schema, UTF-8 (e.g. {@link AcceptanceProfile#schemaBytes()})
     * @return the fast check of a message, or empty if the schema uses anything the compiler does not support
     */
    static Optional<StructuralCheck.ObjectShape> compile(byte[] schemaJson) {
        try {
            JsonNode root = JsonDocumentParser.DEFAULT.parse(schemaJson);
            JSONObject everitRoot = new JSONObject(new JSONTokener(new String(schemaJson, StandardCharsets.UTF_8)));
            if (new StructuralCheckCompiler(root, everitRoot).schema(root, everitRoot, true)
                    instanceof StructuralCheck.ObjectShape message) {
                return Optional.of(message);
            }
            return Optional.empty();
        } catch (MalformedJsonException | Unsupported e) {
            return Optional.empty();
        }
    }

    /**
     * @param schema      a schema node, from the exact parse
     * @param everitValue the same node as org.json read it for everit
     */
    private StructuralCheck schema(JsonNode schema, Object everitValue, boolean isRoot) throws Unsupported {
        if (!schema.isObject() || !(everitValue instanceof JSONObject everitSchema)) {
            throw new Unsupported("a schema that is not an object");
        }
        if (!isRoot && schema.has("$id")) {
            throw new Unsupported("$id below the root");
        }
        Map<String, JsonNode> keywords = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            if (!ANNOTATIONS.contains(field.getKey()) && !field.getKey().startsWith("x-")) {
                keywords.put(field.getKey(), field.getValue());
            }
        }
        if (keywords.isEmpty()) {
            return new StructuralCheck.AnyValue();
        }
        if (keywords.containsKey("$ref")) {
            if (keywords.size() > 1) {
                throw new Unsupported("$ref next to other keywords");
            }
            return reference(keywords.get("$ref"));
        }
        JsonNode type = keywords.get("type");
        if (type == null || !type.isTextual() || !KEYWORDS_OF_TYPE.containsKey(type.textValue())) {
            throw new Unsupported("type missing, not a string or not supported: " + type);
        }
        if (!KEYWORDS_OF_TYPE.get(type.textValue()).containsAll(keywords.keySet())) {
            throw new Unsupported("keywords " + keywords.keySet() + " with type " + type);
        }
        return switch (type.textValue()) {
            case "object" -> object(schema, everitSchema);
            case "array" -> array(schema, everitSchema);
            case "string" -> string(schema);
            default -> number("integer".equals(type.textValue()), schema, everitSchema);
        };
    }

    private StructuralCheck object(JsonNode schema, JSONObject everitSchema) throws Unsupported {
        if (schema.has("required") && !schema.get("required").isArray()) {
            throw new Unsupported("required that is not an array");
        }
        List<String> required = new ArrayList<>();
        for (JsonNode field : schema.path("required")) {
            if (!field.isTextual()) {
                throw new Unsupported("required with a non-string");
            }
            required.add(field.textValue());
        }
        if (required.size() > StructuralCheck.ObjectShape.MAX_REQUIRED) {
            throw new Unsupported("more than " + StructuralCheck.ObjectShape.MAX_REQUIRED + " required fields");
        }
        Map<String, StructuralCheck> properties = new LinkedHashMap<>();
        JsonNode declared = schema.path("properties");
        if (schema.has("properties") && !declared.isObject()) {
            throw new Unsupported("properties that is not an object");
        }
        for (Map.Entry<String, JsonNode> property : declared.properties()) {
            properties.put(property.getKey(), schema(property.getValue(),
                    everitSchema.getJSONObject("properties").opt(property.getKey()), false));
        }
        return StructuralCheck.ObjectShape.of(List.copyOf(required), properties);
    }

    private StructuralCheck array(JsonNode schema, JSONObject everitSchema) throws Unsupported {
        JsonNode minItems = schema.path("minItems");
        if (schema.has("minItems") && !(minItems.isInt() && minItems.intValue() >= 0)) {
            throw new Unsupported("minItems that is not a non-negative int");
        }
        StructuralCheck items = schema.has("items")
                ? schema(schema.get("items"), everitSchema.opt("items"), false)
                : new StructuralCheck.AnyValue();
        return new StructuralCheck.ArrayShape(minItems.asInt(0), items);
    }

    private static StructuralCheck string(JsonNode schema) throws Unsupported {
        if (!schema.has("enum")) {
            return StructuralCheck.StringValue.of(null);
        }
        JsonNode values = schema.get("enum");
        if (!values.isArray() || values.isEmpty()) {
            throw new Unsupported("enum that is not a non-empty array");
        }
        Set<String> allowed = new HashSet<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                throw new Unsupported("enum with a value that is not a string");
            }
            allowed.add(value.textValue());
        }
        return StructuralCheck.StringValue.of(Set.copyOf(allowed));
    }

    private static StructuralCheck number(boolean integerOnly, JsonNode schema, JSONObject everitSchema)
            throws Unsupported {
        BigDecimal minimum = bound(schema, "minimum");
        BigDecimal maximum = bound(schema, "maximum");
        return new StructuralCheck.NumberRange(integerOnly,
                minimum == null ? null : minimum.max(everitBound(everitSchema, "minimum")),
                maximum == null ? null : maximum.min(everitBound(everitSchema, "maximum")));
    }

    /** @return the bound's exact literal, {@code null} if the schema has none */
    private static BigDecimal bound(JsonNode schema, String keyword) throws Unsupported {
        if (!schema.has(keyword)) {
            return null;
        }
        JsonNode literal = schema.get(keyword);
        if (!literal.isBigDecimal() && !literal.isInt() && !literal.isLong() && !literal.isBigInteger()) {
            throw new Unsupported(keyword + " that is not a number");
        }
        return literal.decimalValue();
    }

    /** @return the bound as everit compares it: org.json's {@code Number}, turned into a {@code BigDecimal} as everit does */
    private static BigDecimal everitBound(JSONObject everitSchema, String keyword) throws Unsupported {
        Object number = everitSchema.opt(keyword);
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Integer || number instanceof Long) {
            return BigDecimal.valueOf(((Number) number).longValue());
        }
        if (number instanceof Number other && Double.isFinite(other.doubleValue())) {
            return BigDecimal.valueOf(other.doubleValue());
        }
        throw new Unsupported(keyword + " that org.json did not read as a finite number: " + number);
    }

    private StructuralCheck reference(JsonNode target) throws Unsupported {
        Matcher definition = DEFINITION_REFERENCE.matcher(target.isTextual() ? target.textValue() : "");
        if (!definition.matches()) {
            throw new Unsupported("$ref other than #/definitions/NAME: " + target);
        }
        String name = definition.group(1);
        StructuralCheck.Reference known = definitions.get(name);
        if (known != null) {
            return known;
        }
        JsonNode schema = root.path("definitions").get(name);
        JSONObject everitDefinitions = everitRoot.optJSONObject("definitions");
        if (schema == null || everitDefinitions == null) {
            throw new Unsupported("$ref to a missing definition: " + name);
        }
        StructuralCheck.Reference reference = new StructuralCheck.Reference();
        definitions.put(name, reference);
        StructuralCheck compiled = schema(schema, everitDefinitions.opt(name), false);
        if (compiled instanceof StructuralCheck.Reference) {
            throw new Unsupported("a definition that only refers to another: " + name);
        }
        reference.resolve(compiled);
        return reference;
    }
}
