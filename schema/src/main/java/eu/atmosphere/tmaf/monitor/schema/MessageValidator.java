package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * Checks documents against the schema of an {@link AcceptanceProfile} and reports <em>every</em>
 * violation, not just the first. A document is one message object or a non-empty array of
 * messages (a batch). Thread-safe and reusable: create once, share.
 *
 * <p>Pointers and keywords come from everit's structured exception data (the pointer to the
 * violation, the keyword, the violated schema), never from its English messages; the messages
 * are composed here from the violated schema and the offending value ({@link ViolationMessages}).
 * everit validates org.json values, so each message is copied into that form first
 * ({@code OrgJsonTree}), keeping {@code 1000.0} apart from {@code 1000}.
 *
 * <p>Before that, a fast structural pre-check derived from the same schema document
 * ({@code StructuralCheckCompiler}) looks at the Jackson tree; it may only answer "certainly valid",
 * which skips everit for that message. Anything it does not certify goes to everit, the validator of
 * record and the source of every violation; a schema using keywords the pre-check does not support
 * simply gets no pre-check.
 *
 * <pre>{@code
 * MessageValidator validator = MessageValidator.create();          // the default profile, knowledge-base
 * JsonNode doc = JsonDocumentParser.DEFAULT.parse(body);
 * for (Violation v : validator.validate(doc)) {
 *     System.out.println(v.pointer() + " " + v.keyword() + ": " + v.message());   // "/3/data/0/type enum: ..."
 * }
 * }</pre>
 */
public final class MessageValidator {

    private final AcceptanceProfile profile;
    private final Schema schema;
    private final StructuralCheck fastPath;

    private MessageValidator(AcceptanceProfile profile, Schema schema, StructuralCheck fastPath) {
        this.profile = profile;
        this.schema = schema;
        this.fastPath = fastPath;
    }

    /** @return a validator for the default profile, {@link AcceptanceProfile#DEFAULT} */
    public static MessageValidator create() {
        return create(AcceptanceProfile.DEFAULT);
    }

    /**
     * @param profile which value range to accept
     * @return a validator for that profile's schema ({@link AcceptanceProfile#schemaText()})
     */
    public static MessageValidator create(AcceptanceProfile profile) {
        JSONObject raw = new JSONObject(new JSONTokener(profile.schemaText()));
        return new MessageValidator(profile,
                SchemaLoader.builder().schemaJson(raw).draftV7Support().build().load().build(),
                StructuralCheckCompiler.compile(profile.schemaBytes()).orElse(message -> false));
    }

    /** @return the profile whose schema this validator checks */
    public AcceptanceProfile profile() {
        return profile;
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
        if (fastPath.certainlyValid(message)) {
            return;
        }
        try {
            schema.validate(OrgJsonTree.of(message));
        } catch (ValidationException e) {
            List<Violation> violations = new ArrayList<>();
            flatten(e, message, prefix, new HashSet<>(), violations);
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

    /**
     * @param requiredChecked pointers of the objects whose missing fields were already reported: everit
     *                        raises one {@code required} exception per missing field, all alike but for
     *                        their text, so the missing fields are read from the schema and the value
     */
    private static void flatten(ValidationException e, JsonNode message, String prefix, Set<String> requiredChecked,
                                List<Violation> found) {
        if (!e.getCausingExceptions().isEmpty()) {
            for (ValidationException cause : e.getCausingExceptions()) {
                flatten(cause, message, prefix, requiredChecked, found);
            }
            return;
        }
        String pointer = e.getPointerToViolation().substring(1);   // everit's pointers start with '#'
        JsonNode value = message.at(pointer);
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        if ("required".equals(keyword) && e.getViolatedSchema() instanceof ObjectSchema object) {
            if (requiredChecked.add(pointer)) {
                for (String field : object.getRequiredProperties()) {
                    if (!value.has(field)) {
                        found.add(new Violation(prefix + pointer + "/" + escape(field), keyword,
                                "required field \"" + field + "\" is missing"));
                    }
                }
            }
            return;
        }
        found.add(new Violation(prefix + pointer, keyword,
                ViolationMessages.of(keyword, e.getViolatedSchema(), value, e.getErrorMessage())));
    }

    /** @return e.g. {@code MessageValidator[knowledge-base]} */
    @Override
    public String toString() {
        return "MessageValidator[" + profile.id() + "]";
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
