package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast structural pre-check against everit, message by message, for each profile: whenever the
 * pre-check says "valid", everit (validating the {@code OrgJsonTree} copy, as
 * {@link MessageValidator} did before the pre-check existed) must say valid too; and the pre-check
 * must be useful: it certifies every message everit accepts among these inputs. Inputs: the
 * contract corpus, messages generated valid and their mutants ({@link GeneratedMessages}, seeded;
 * {@code -Ddifferential.seed=N} repeats a failing run, {@code -Ddifferential.messages=N} runs more).
 * {@link MessageValidator#validate} must agree with everit alone on every generated document.
 */
class FastPathDifferentialTest {

    private static final long SEED = Long.getLong("differential.seed", 20261201L);
    private static final int MESSAGES = Integer.getInteger("differential.messages", 2000);
    private static final int MUTANTS_PER_MESSAGE = 8;

    /** How many messages took which way, for the report at the end of a test. */
    private static final class Tally {
        int certified;
        int invalid;
        int malformed;
    }

    @ParameterizedTest
    @EnumSource(AcceptanceProfile.class)
    void corpusMessagesCertifiedOnlyIfEveritAgrees(AcceptanceProfile profile) throws MalformedJsonException {
        Differential differential = new Differential(profile, "corpus");
        List<String> mustBeCertified = new ArrayList<>(List.of(Corpus.VALID));
        if (profile == AcceptanceProfile.FULL_64BIT) {
            mustBeCertified.add(Corpus.FULL_64BIT_ONLY);
        }
        for (String dir : List.of(Corpus.VALID, Corpus.INVALID, Corpus.FULL_64BIT_ONLY)) {
            for (String file : Corpus.documents(dir)) {
                JsonNode document = JsonDocumentParser.DEFAULT.parse(Corpus.read(dir, file));
                for (JsonNode message : document.isArray() ? document : List.of(document)) {
                    boolean certified = differential.compare(message, dir + "/" + file);
                    assertTrue(certified || !mustBeCertified.contains(dir),
                            profile + ": the fast path does not certify the valid " + dir + "/" + file);
                }
            }
        }
        differential.report();
    }

    @ParameterizedTest
    @EnumSource(AcceptanceProfile.class)
    void generatedMessagesAndMutantsCertifiedExactlyWhenEveritAccepts(AcceptanceProfile profile) {
        Differential differential = new Differential(profile, "generated, seed " + SEED);
        MessageValidator validator = MessageValidator.create(profile);
        GeneratedMessages generator = new GeneratedMessages(SEED);
        for (int i = 0; i < MESSAGES; i++) {
            ObjectNode valid = generator.valid();
            JsonNode parsed = parse(valid, differential.tally);
            assertTrue(differential.compare(parsed, "generated valid message " + i),
                    () -> profile + ", seed " + SEED + ": the fast path does not certify the valid message "
                            + new String(GeneratedMessages.text(valid), StandardCharsets.UTF_8));
            for (int m = 0; m < MUTANTS_PER_MESSAGE; m++) {
                JsonNode mutant = parse(generator.mutant(valid), differential.tally);
                if (mutant != null) {
                    boolean certified = differential.compare(mutant, "mutant " + m + " of message " + i);
                    assertEquals(certified, validator.validate(mutant).isEmpty(),
                            () -> "seed " + SEED + ": MessageValidator and the differential disagree on " + mutant);
                }
            }
        }
        differential.report();
        assertTrue(differential.tally.invalid > differential.tally.certified / 2,
                "the mutants should be mostly invalid: " + differential.tally.invalid);
    }

    private static JsonNode parse(JsonNode generated, Tally tally) {
        try {
            return JsonDocumentParser.DEFAULT.parse(GeneratedMessages.text(generated));
        } catch (MalformedJsonException e) {   // nesting beyond the parser's limit: never reaches a validator
            tally.malformed++;
            return null;
        }
    }

    /** One profile's pre-check and everit, side by side. */
    private static final class Differential {

        private final AcceptanceProfile profile;
        private final String inputs;
        private final StructuralCheck fastPath;
        private final Schema everit;
        final Tally tally = new Tally();

        Differential(AcceptanceProfile profile, String inputs) {
            this.profile = profile;
            this.inputs = inputs;
            this.fastPath = StructuralCheckCompiler.compile(profile.schemaBytes())
                    .orElseThrow(() -> new AssertionError(profile + ": the schema compiles to no fast path"));
            this.everit = SchemaLoader.builder().schemaJson(new JSONObject(new JSONTokener(profile.schemaText())))
                    .draftV7Support().build().load().build();
        }

        /**
         * @return whether the fast path certified the message
         * @throws AssertionError if it certified a message everit refuses, or refused one everit accepts
         */
        boolean compare(JsonNode message, String what) {
            boolean certified = fastPath.certainlyValid(message);
            boolean accepted = everitAccepts(message);
            if (certified && !accepted) {
                fail(profile + ", " + inputs + ": the fast path certifies " + what + " but everit refuses it: " + message);
            }
            if (accepted && !certified) {
                fail(profile + ", " + inputs + ": everit accepts " + what + " but the fast path does not certify it: "
                        + message);
            }
            if (certified) {
                tally.certified++;
            } else {
                tally.invalid++;
            }
            return certified;
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
            System.out.printf("%s, %s: %d messages compared: %d certified by the fast path and accepted by everit, "
                            + "%d refused by both; %d generated texts malformed (nesting)%n",
                    profile, inputs, tally.certified + tally.invalid, tally.certified, tally.invalid, tally.malformed);
        }
    }
}
