package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CorpusTest {

    private static final MessageValidator FULL_64BIT = MessageValidator.create(AcceptanceProfile.FULL_64BIT);

    static Stream<Arguments> validDocuments() {
        return profiles(Corpus.documents(Corpus.VALID).stream().map(file -> new Object[] {file}));
    }

    static Stream<Arguments> invalidDocuments() {
        return profiles(Corpus.expectedViolations().stream().map(e -> new Object[] {e.file(), e.pointer(), e.keyword()}));
    }

    /** Every case once per profile, the validator last. */
    private static Stream<Arguments> profiles(Stream<Object[]> cases) {
        return cases.flatMap(arguments -> Stream.of(AcceptanceProfile.values()).map(profile -> {
            Object[] withValidator = Arrays.copyOf(arguments, arguments.length + 1);
            withValidator[arguments.length] = MessageValidator.create(profile);
            return Arguments.of(withValidator);
        }));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("validDocuments")
    void validDocumentHasNoViolation(String file, MessageValidator validator) throws Exception {
        byte[] body = Corpus.read(Corpus.VALID, file);
        JsonNode document = JsonDocumentParser.DEFAULT.parse(body);

        assertEquals(List.of(), validator.validate(document));
        assertEquals(List.of(), validator.check(body, 10, 10).violations());
        if (document.isObject()) {
            assertEquals(List.of(), validator.validateMessage(document));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullRangeDocuments")
    void fullRangeDocumentIsValidOnlyUnderTheFull64BitProfile(String file) throws MalformedJsonException {
        JsonNode document = JsonDocumentParser.DEFAULT.parse(Corpus.read(Corpus.FULL_64BIT_ONLY, file));

        assertEquals(List.of(), FULL_64BIT.validate(document));
        List<Corpus.Expected> expected = Corpus.expectedViolations(Corpus.FULL_64BIT_ONLY).stream()
                .filter(e -> e.file().equals(file)).toList();
        assertEquals(expected, MessageValidator.create().validate(document).stream()
                .map(v -> new Corpus.Expected(file, v.pointer(), v.keyword())).toList());
    }

    static List<String> fullRangeDocuments() {
        return Corpus.documents(Corpus.FULL_64BIT_ONLY);
    }

    @Test
    void everyFullRangeDocumentHasAnExpectation() {
        Set<String> listed = Corpus.expectedViolations(Corpus.FULL_64BIT_ONLY).stream()
                .map(Corpus.Expected::file).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(Corpus.documents(Corpus.FULL_64BIT_ONLY)), listed);
    }

    @ParameterizedTest(name = "{0}: resource {1}, {2} data items")
    @CsvSource({
        "seed-demo-probe-20-items.json, 101098, 20",
        "seed-demo-probe-2-items.json,  101098,  2",
        "seed-container-probe.json,          0,  2",
    })
    void seedConsumerOutputsAreInTheValidCorpus(String file, long resourceId, int dataItems)
            throws MalformedJsonException {
        JsonNode message = JsonDocumentParser.DEFAULT.parse(Corpus.read(Corpus.VALID, file));

        assertEquals(resourceId, message.get("resourceId").longValue());
        assertEquals(dataItems, message.get("data").size());
    }

    @ParameterizedTest(name = "{0}: {2} at \"{1}\" ({3})")
    @MethodSource("invalidDocuments")
    void invalidDocumentHasExactlyItsOneViolation(String file, String pointer, String keyword,
                                                  MessageValidator validator) throws Exception {
        byte[] body = Corpus.read(Corpus.INVALID, file);

        List<Violation> violations = validator.check(body, 10, 10).violations();

        assertEquals(1, violations.size(), () -> "violations: " + violations);
        Violation violation = violations.get(0);
        assertEquals(pointer, violation.pointer(), () -> "violation: " + violation);
        assertEquals(keyword, violation.keyword(), () -> "violation: " + violation);
        assertFalse(violation.message().isBlank());
        assertEquals(violations, validator.validate(JsonDocumentParser.DEFAULT.parse(body)));
    }

    @Test
    void everyInvalidDocumentHasExactlyOneExpectation() {
        List<String> listed = Corpus.expectedViolations().stream().map(Corpus.Expected::file).toList();
        Set<String> files = new TreeSet<>(Corpus.documents(Corpus.INVALID));

        assertEquals(listed.size(), Set.copyOf(listed).size(), "a file is listed twice in expected.tsv");
        assertEquals(files, new TreeSet<>(listed));
        assertTrue(files.size() >= 40, "corpus too small: " + files.size());
    }

    @Test
    void invalidCorpusCoversEveryKeywordOfTheSchema() {
        Set<String> keywords = Corpus.expectedViolations().stream()
                .map(Corpus.Expected::keyword)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(Set.of("required", "type", "minimum", "maximum", "minItems", "enum")), keywords);
    }
}
