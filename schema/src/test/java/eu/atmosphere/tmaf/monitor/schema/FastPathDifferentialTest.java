package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The streaming pass against everit, message by message, for each profile, on bytes: whenever the pass
 * certifies a message, everit (validating the {@code OrgJsonTree} copy of the {@link JsonDocumentParser}
 * tree of the same bytes) must accept it; and the pass must be useful: it certifies every message everit
 * accepts among these inputs. For every document it also holds the pass to the tree parser: the same
 * {@link MalformedJsonException} (message, line, column) for malformed bytes; otherwise one byte range per
 * message that re-parses to exactly that message's tree, and the message's {@code probeId} and
 * {@code resourceId} as the tree has them. And {@link MessageValidator#check} must report exactly the
 * violations of {@link MessageValidator#validate} (everit alone) on the tree.
 *
 * <p>Inputs: the contract corpus, and messages generated valid and their mutants ({@link GeneratedMessages},
 * seeded; {@code -Ddifferential.seed=N} repeats a failing run, {@code -Ddifferential.messages=N} runs more), each
 * in a random byte layout ({@link TextLayouts}: whitespace, tabs, CRLF, escaped field names, a byte order mark),
 * alone and in batches, and with a field name copied into one of its objects (often a duplicate key).
 */
class FastPathDifferentialTest {

    private static final long SEED = Long.getLong("differential.seed", 20261201L);
    private static final int MESSAGES = Integer.getInteger("differential.messages", 2000);
    private static final int MUTANTS_PER_MESSAGE = 8;

    /** How many messages took which way, for the report at the end of a test. */
    private static final class Tally {
        int documents;
        int certified;
        int invalid;
        int malformed;
    }

    @ParameterizedTest
    @EnumSource(AcceptanceProfile.class)
    void corpusMessagesCertifiedOnlyIfEveritAgrees(AcceptanceProfile profile) throws MalformedJsonException {
        Differential differential = new Differential(profile, "corpus");
        TextLayouts layouts = new TextLayouts(SEED);
        List<String> mustBeCertified = new ArrayList<>(List.of(Corpus.VALID));
        if (profile == AcceptanceProfile.FULL_64BIT) {
            mustBeCertified.add(Corpus.FULL_64BIT_ONLY);
        }
        for (String dir : List.of(Corpus.VALID, Corpus.INVALID, Corpus.FULL_64BIT_ONLY)) {
            for (String file : Corpus.documents(dir)) {
                byte[] text = Corpus.read(dir, file);
                for (byte[] body : List.of(text, layouts.spaced(text), TextLayouts.escapedNames(text),
                        layouts.withBomAndSurroundingWhitespace(text))) {
                    differential.compare(body, dir + "/" + file, mustBeCertified.contains(dir));
                }
            }
        }
        differential.report();
    }

    @ParameterizedTest
    @EnumSource(AcceptanceProfile.class)
    void generatedMessagesAndMutantsCertifiedExactlyWhenEveritAccepts(AcceptanceProfile profile)
            throws MalformedJsonException {
        Differential differential = new Differential(profile, "generated, seed " + SEED);
        GeneratedMessages generator = new GeneratedMessages(SEED);
        TextLayouts layouts = new TextLayouts(SEED);
        Random batching = new Random(SEED);
        List<byte[]> batch = new ArrayList<>();
        boolean batchValid = true;
        for (int i = 0; i < MESSAGES; i++) {
            ObjectNode valid = generator.valid();
            byte[] validText = layouts.anyLayout(GeneratedMessages.text(valid));
            differential.compare(validText, "generated valid message " + i, true);
            batch.add(validText);
            for (int m = 0; m < MUTANTS_PER_MESSAGE; m++) {
                byte[] mutant = layouts.anyLayout(GeneratedMessages.text(generator.mutant(valid)));
                differential.compare(mutant, "mutant " + m + " of message " + i, false);
                if (batching.nextInt(MUTANTS_PER_MESSAGE) == 0) {
                    differential.compare(layouts.withFieldNameCopied(mutant), "field name copied in mutant " + m
                            + " of message " + i, false);
                }
                if (batching.nextInt(MUTANTS_PER_MESSAGE * 2) == 0) {
                    batch.add(mutant);
                    batchValid = false;
                }
            }
            if (batching.nextInt(4) == 0) {
                differential.compare(layouts.batch(batch), "batch up to message " + i, batchValid);
                batch.clear();
                batchValid = true;
            }
        }
        differential.report();
        assertTrue(differential.tally.invalid > differential.tally.certified / 3,
                "the mutants should be mostly invalid: " + differential.tally.invalid);
    }

    /** One profile's streaming pass, its validator and everit, side by side. */
    private static final class Differential {

        private final AcceptanceProfile profile;
        private final String inputs;
        private final StructuralCheck.ObjectShape messageShape;
        private final MessageValidator validator;
        private final Schema everit;
        final Tally tally = new Tally();

        Differential(AcceptanceProfile profile, String inputs) {
            this.profile = profile;
            this.inputs = inputs;
            this.messageShape = StructuralCheckCompiler.compile(profile.schemaBytes())
                    .orElseThrow(() -> new AssertionError(profile + ": the schema compiles to no fast path"));
            this.validator = MessageValidator.create(profile);
            this.everit = SchemaLoader.builder().schemaJson(new JSONObject(new JSONTokener(profile.schemaText())))
                    .draftV7Support().build().load().build();
        }

        /**
         * @param body          a document
         * @param mustCertify   whether every message of it is valid, so the pass must certify each
         * @throws AssertionError if the pass and the tree parser disagree on the bytes, the pass certified a message
         *                        everit refuses or did not certify one it accepts, or {@code check} and
         *                        {@code validate} disagree
         */
        void compare(byte[] body, String what, boolean mustCertify) throws MalformedJsonException {
            tally.documents++;
            String context = profile + ", " + inputs + ", " + what + ": ";
            JsonNode tree = ScanAssertions.treeOrRefusedAlike(body, validator, context);
            if (tree == null) {
                tally.malformed++;
                return;
            }
            DocumentScan scan = scan(body, context);
            List<JsonNode> messages = tree.isArray() ? list(tree) : tree.isObject() ? List.of(tree) : List.of();
            assertEquals(messages.size(), scan.size(), context + "message count");
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String where = context + "message " + i + " " + new String(body, StandardCharsets.UTF_8);
                ScanAssertions.assertRangeAndIds(body, scan, i, message, where);
                boolean certified = scan.certified(i);
                boolean accepted = everitAccepts(message);
                if (certified && !accepted) {
                    fail("the pass certifies " + where + " but everit refuses it");
                }
                if (accepted && !certified) {
                    fail("everit accepts " + where + " but the pass does not certify it");
                }
                if (mustCertify && !certified) {
                    fail("the pass does not certify the valid " + where);
                }
                if (certified) {
                    tally.certified++;
                } else {
                    tally.invalid++;
                }
            }
            assertEquals(validator.validate(tree), check(body, context).violations(),
                    () -> context + "check and validate disagree on " + new String(body, StandardCharsets.UTF_8));
        }

        private DocumentScan scan(byte[] body, String context) throws MalformedJsonException {
            try {
                return DocumentScan.of(body, messageShape, Integer.MAX_VALUE);
            } catch (TooManyMessagesException e) {
                throw new AssertionError(context + "no limit, yet " + e.getMessage(), e);
            }
        }

        private CheckedDocument check(byte[] body, String context) throws MalformedJsonException {
            try {
                return validator.check(body, Integer.MAX_VALUE, Integer.MAX_VALUE);
            } catch (TooManyMessagesException e) {
                throw new AssertionError(context + "no limit, yet " + e.getMessage(), e);
            }
        }

        private boolean everitAccepts(JsonNode message) {
            try {
                everit.validate(OrgJsonTree.of(message));
                return true;
            } catch (ValidationException e) {
                return false;
            }
        }

        void report() {
            System.out.printf("%s, %s: %d documents, %d messages compared: %d certified by the pass and accepted by "
                            + "everit, %d refused by both; %d documents malformed (nesting, duplicate keys), refused alike%n",
                    profile, inputs, tally.documents, tally.certified + tally.invalid, tally.certified, tally.invalid,
                    tally.malformed);
        }

        private static List<JsonNode> list(JsonNode array) {
            List<JsonNode> items = new ArrayList<>();
            array.forEach(items::add);
            return items;
        }
    }
}
