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
 * <p>{@link #check(byte[], int, int)} reads a request body once, as a stream of tokens: the structural
 * rules compiled from the profile's schema document ({@code StructuralCheckCompiler}) are evaluated as the
 * tokens go by, and each message's byte range and ids are recorded. That pass may only answer "certainly
 * valid" for a message, which is then never built into a tree nor shown to everit. Any other message is
 * parsed into a tree (its own bytes only) and validated by everit, the validator of record and the source of
 * every violation; a schema using keywords the pass does not support certifies nothing, and everit checks
 * every message.
 *
 * <p>Pointers and keywords come from everit's structured exception data (the pointer to the
 * violation, the keyword, the violated schema), never from its English messages; the messages
 * are composed here from the violated schema and the offending value ({@link ViolationMessages}).
 * everit validates org.json values, so each message is copied into that form first
 * ({@code OrgJsonTree}), keeping {@code 1000.0} apart from {@code 1000}.
 *
 * <pre>{@code
 * MessageValidator validator = MessageValidator.create();          // the default profile, knowledge-base
 * CheckedDocument checked = validator.check(body, 1000, 101);      // throws MalformedJsonException, TooManyMessagesException
 * for (Violation v : checked.violations()) {
 *     System.out.println(v.pointer() + " " + v.keyword() + ": " + v.message());   // "/3/data/0/type enum: ..."
 * }
 * }</pre>
 */
public final class MessageValidator {

    private static final Violation EMPTY_BATCH = new Violation("", "minItems", "a batch must contain at least one message");

    private final AcceptanceProfile profile;
    private final Schema schema;
    private final StructuralCheck.ObjectShape messageShape;

    private MessageValidator(AcceptanceProfile profile, Schema schema, StructuralCheck.ObjectShape messageShape) {
        this.profile = profile;
        this.schema = schema;
        this.messageShape = messageShape;
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
                StructuralCheckCompiler.compile(profile.schemaBytes()).orElse(StructuralCheck.ObjectShape.UNCHECKED));
    }

    /** @return the profile whose schema this validator checks */
    public AcceptanceProfile profile() {
        return profile;
    }

    /**
     * Checks a request body, one message or a batch, in one streaming pass over its bytes (see the class
     * comment), and says where each message's bytes are. Validation stops once {@code maxViolations}
     * violations are found, so the work and the answer for a document full of mistakes stay bounded; a batch
     * of more than {@code maxItems} messages is refused as soon as its message {@code maxItems + 1} starts.
     *
     * <pre>{@code
     * CheckedDocument checked = validator.check(body, 1000, 101);   // show 100 violations, say "more" if 101 came back
     * }</pre>
     *
     * @param body          the document, UTF-8; a leading UTF-8 byte order mark is skipped. Not copied: the result
     *                      refers to it, so it must not change afterwards
     * @param maxItems      most messages a batch may have, at least 1
     * @param maxViolations most violations to report, at least 1
     * @return the messages' byte ranges and ids, and the first violations in document order (none if valid)
     * @throws MalformedJsonException    if the body is not exactly one well-formed JSON value within the limits
     *                                   of {@link JsonDocumentParser}, with the same message, line and column
     * @throws TooManyMessagesException if the document is an array of more than {@code maxItems} items
     */
    public CheckedDocument check(byte[] body, int maxItems, int maxViolations)
            throws MalformedJsonException, TooManyMessagesException {
        if (maxItems < 1 || maxViolations < 1) {
            throw new IllegalArgumentException("maxItems and maxViolations must be at least 1: " + maxItems + ", "
                    + maxViolations);
        }
        DocumentScan scan = DocumentScan.of(body, messageShape, maxItems);
        return new CheckedDocument(body, scan, violations(body, scan, maxViolations));
    }

    private List<Violation> violations(byte[] body, DocumentScan scan, int max) throws MalformedJsonException {
        if (scan.shape() == DocumentScan.Shape.SCALAR) {
            return List.of(notAMessage(scan.scalarType()));
        }
        if (scan.shape() == DocumentScan.Shape.BATCH && scan.size() == 0) {
            return List.of(EMPTY_BATCH);
        }
        List<Violation> found = new ArrayList<>();
        for (int i = 0; i < scan.size() && found.size() < max; i++) {
            if (!scan.certified(i)) {
                JsonNode message = JsonDocumentParser.DEFAULT.parse(body, scan.start(i), scan.end(i) - scan.start(i));
                collect(message, scan.shape() == DocumentScan.Shape.BATCH ? "/" + i : "", found);
            }
        }
        return found.size() > max ? found.subList(0, max) : found;
    }

    /**
     * Validates a document already parsed into a tree (e.g. a record value read back), one message or a batch,
     * with everit alone.
     *
     * @param document a parsed document (see {@link JsonDocumentParser})
     * @return every violation (grouped per message, required fields first); empty if the document is valid
     */
    public List<Violation> validate(JsonNode document) {
        if (document.isObject()) {
            return validateMessage(document);
        }
        if (!document.isArray()) {
            return List.of(notAMessage(document.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        if (document.isEmpty()) {
            return List.of(EMPTY_BATCH);
        }
        List<Violation> found = new ArrayList<>();
        for (int i = 0; i < document.size(); i++) {
            collect(document.get(i), "/" + i, found);
        }
        return found;
    }

    /**
     * Validates a document that must be exactly one message, with everit alone.
     *
     * @param message a parsed document
     * @return every violation; empty if valid
     */
    public List<Violation> validateMessage(JsonNode message) {
        List<Violation> found = new ArrayList<>();
        collect(message, "", found);
        return found;
    }

    private static Violation notAMessage(String type) {
        return new Violation("", "type", "expected a message object or an array of messages, found: " + type);
    }

    private void collect(JsonNode message, String prefix, List<Violation> found) {
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
