package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * Checks documents against the tma-m v0.4 schema and reports <em>every</em> violation, not just
 * the first. A document is one message object or a non-empty array of messages (a batch).
 * Thread-safe and reusable: create once, share.
 *
 * <pre>{@code
 * MessageValidator validator = MessageValidator.create();
 * JsonNode doc = JsonDocumentParser.DEFAULT.parse(body);
 * for (Violation v : validator.validate(doc)) {
 *     System.out.println(v.pointer() + " " + v.keyword() + ": " + v.message());   // "/3/data/0/type enum: ..."
 * }
 * }</pre>
 */
public final class MessageValidator {

    private static final Pattern REQUIRED_KEY = Pattern.compile("required key \\[(.*)] not found");
    private static final Pattern TYPE_MISMATCH = Pattern.compile("expected type: (\\w+), found: (\\w+)");
    private static final Map<String, String> JSON_TYPE_NAMES = Map.ofEntries(
            Map.entry("JSONObject", "object"), Map.entry("JSONArray", "array"),
            Map.entry("String", "string"), Map.entry("Boolean", "boolean"), Map.entry("Null", "null"),
            Map.entry("Integer", "integer"), Map.entry("Long", "integer"), Map.entry("BigInteger", "integer"),
            Map.entry("Number", "number"), Map.entry("BigDecimal", "number"), Map.entry("Double", "number"));

    private final Schema schema;

    private MessageValidator(Schema schema) {
        this.schema = schema;
    }

    /** @return a validator for the tma-m v0.4 schema shipped in this module */
    public static MessageValidator create() {
        JSONObject raw = new JSONObject(new JSONTokener(MessageSchema.text()));
        return new MessageValidator(SchemaLoader.builder().schemaJson(raw).draftV7Support().build().load().build());
    }

    /**
     * Validates one message or a batch.
     *
     * @param document a parsed document (see {@link JsonDocumentParser})
     * @return every violation (grouped per message, required fields first); empty if the document is valid
     */
    public List<Violation> validate(JsonNode document) {
        return validate(document, Integer.MAX_VALUE);
    }

    /**
     * Validates one message or a batch, but stops once {@code max} violations are found, so the
     * work and the answer for a document full of mistakes stay bounded: a batch of 300,000 empty
     * objects is refused after its first few items instead of yielding 1.5 million violations.
     *
     * <pre>{@code
     * List<Violation> first = validator.validate(doc, 101);   // show 100, say "more" if 101 came back
     * }</pre>
     *
     * @param document a parsed document (see {@link JsonDocumentParser})
     * @param max      most violations to report, at least 1
     * @return the first violations, at most {@code max} (in document order); empty if the document is valid
     */
    public List<Violation> validate(JsonNode document, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        if (document.isObject()) {
            List<Violation> found = new ArrayList<>();
            collect(document, "", found);
            return found.size() > max ? List.copyOf(found.subList(0, max)) : found;
        }
        if (document.isArray()) {
            return validateBatch(document, max);
        }
        return List.of(new Violation("", "type", "expected a message object or an array of messages, found: "
                + document.getNodeType().name().toLowerCase(Locale.ROOT)));
    }

    /**
     * Validates a document that must be exactly one message.
     *
     * @param message a parsed document
     * @return every violation; empty if valid
     */
    public List<Violation> validateMessage(JsonNode message) {
        List<Violation> found = new ArrayList<>();
        collect(message, "", found);
        return found;
    }

    /**
     * Validates a document that must be a non-empty array of messages.
     *
     * @param batch a parsed document
     * @return every violation, pointers prefixed with the item index; empty if valid
     */
    public List<Violation> validateBatch(JsonNode batch) {
        return validateBatch(batch, Integer.MAX_VALUE);
    }

    private List<Violation> validateBatch(JsonNode batch, int max) {
        if (!batch.isArray()) {
            return List.of(new Violation("", "type", "expected an array of messages"));
        }
        if (batch.isEmpty()) {
            return List.of(new Violation("", "minItems", "a batch must contain at least one message"));
        }
        List<Violation> found = new ArrayList<>();
        for (int i = 0; i < batch.size() && found.size() < max; i++) {
            collect(batch.get(i), "/" + i, found);
        }
        return found.size() > max ? List.copyOf(found.subList(0, max)) : found;
    }

    private void collect(JsonNode message, String prefix, List<Violation> found) {
        try {
            schema.validate(OrgJsonTree.of(message));
        } catch (ValidationException e) {
            List<Violation> violations = new ArrayList<>();
            flatten(e, prefix, violations);
            found.addAll(withoutConsequencesOfWrongTypes(violations));
        }
    }

    /**
     * A value of the wrong type also fails its other keywords ({@code "type": 5} is not one of the
     * enum's strings either); only the type violation says what is wrong with it.
     */
    private static List<Violation> withoutConsequencesOfWrongTypes(List<Violation> violations) {
        Set<String> wrongTypes = new HashSet<>();
        for (Violation v : violations) {
            if ("type".equals(v.keyword())) {
                wrongTypes.add(v.pointer());
            }
        }
        if (wrongTypes.isEmpty()) {
            return violations;
        }
        List<Violation> kept = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            if ("type".equals(v.keyword()) || !wrongTypes.contains(v.pointer())) {
                kept.add(v);
            }
        }
        return kept;
    }

    private static void flatten(ValidationException e, String prefix, List<Violation> found) {
        if (!e.getCausingExceptions().isEmpty()) {
            for (ValidationException cause : e.getCausingExceptions()) {
                flatten(cause, prefix, found);
            }
            return;
        }
        String pointer = prefix + e.getPointerToViolation().substring(1);
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String message = e.getErrorMessage();
        Matcher required = REQUIRED_KEY.matcher(message);
        if ("required".equals(keyword) && required.matches()) {
            found.add(new Violation(pointer + "/" + escape(required.group(1)), keyword,
                    "required field \"" + required.group(1) + "\" is missing"));
            return;
        }
        if (e.getViolatedSchema() instanceof EnumSchema allowed) {
            found.add(new Violation(pointer, keyword, "expected one of " + allowed.getPossibleValuesAsList()));
            return;
        }
        Matcher type = TYPE_MISMATCH.matcher(message);
        if (type.matches()) {
            message = typeMessage(JSON_TYPE_NAMES.getOrDefault(type.group(1), type.group(1)),
                    JSON_TYPE_NAMES.getOrDefault(type.group(2), type.group(2)));
        }
        found.add(new Violation(pointer, keyword, message));
    }

    private static String typeMessage(String expected, String actual) {
        if ("integer".equals(expected) && "number".equals(actual)) {
            return "expected an integer, found a number with a fraction or exponent (write 1000, not 1000.0 or 1e3)";
        }
        return "expected " + expected + ", found " + actual;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
