package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageValidatorTest {

    private static final MessageValidator VALIDATOR = MessageValidator.create();
    private static final MessageValidator FULL_64BIT = MessageValidator.create(AcceptanceProfile.FULL_64BIT);

    private static final String MESSAGE = "{\"probeId\":1098,\"resourceId\":101098,\"messageId\":7,\"sentTime\":1535971460,"
            + "\"data\":[{\"type\":\"measurement\",\"descriptionId\":34,"
            + "\"observations\":[{\"time\":1535971455,\"value\":342.5}]}]}";

    @Test
    void threeBrokenFieldsGiveThreeViolations() throws MalformedJsonException {
        JsonNode document = parse(MESSAGE
                .replace("\"probeId\":1098", "\"probeId\":-1")
                .replace("\"measurement\"", "\"Measurement\"")
                .replace("\"time\":1535971455", "\"time\":1535971455.0"));

        assertEquals(Set.of(
                new Pointed("/probeId", "minimum"),
                new Pointed("/data/0/type", "enum"),
                new Pointed("/data/0/observations/0/time", "type")), pointed(VALIDATOR.validate(document)));
    }

    @Test
    void aLimitStopsValidationAtTheFirstViolationsInDocumentOrder() throws Exception {
        byte[] batch = ("[" + String.join(",", java.util.Collections.nCopies(100_000, "{}")) + "]")
                .getBytes(StandardCharsets.UTF_8);

        List<Violation> first = VALIDATOR.check(batch, 100_000, 12).violations();

        assertEquals(12, first.size());
        assertEquals("/0/probeId", first.get(0).pointer());
        assertEquals("/2/resourceId", first.get(11).pointer());
        assertEquals(5, VALIDATOR.check(bytes("{}"), 1, 5).violations().size());
        assertEquals(2, VALIDATOR.check(bytes("{}"), 1, 2).violations().size());
    }

    @Test
    void everyMissingFieldIsReported() throws MalformedJsonException {
        JsonNode document = parse("{\"data\":[{\"observations\":[{}]}]}");

        assertEquals(Set.of(
                new Pointed("/probeId", "required"),
                new Pointed("/resourceId", "required"),
                new Pointed("/messageId", "required"),
                new Pointed("/sentTime", "required"),
                new Pointed("/data/0/type", "required"),
                new Pointed("/data/0/descriptionId", "required"),
                new Pointed("/data/0/observations/0/time", "required"),
                new Pointed("/data/0/observations/0/value", "required")), pointed(VALIDATOR.validate(document)));
    }

    @Test
    void violationsOfEveryBatchItemAreReportedWithTheItemIndex() throws Exception {
        String bad = MESSAGE.replace("\"sentTime\":1535971460", "\"sentTime\":\"1535971460\"");
        String text = "[" + bad + "," + MESSAGE + "," + bad.replace("\"value\":342.5", "\"value\":null") + "]";
        JsonNode batch = parse(text);

        assertEquals(Set.of(
                new Pointed("/0/sentTime", "type"),
                new Pointed("/2/sentTime", "type"),
                new Pointed("/2/data/0/observations/0/value", "type")), pointed(VALIDATOR.validate(batch)));
        assertEquals(VALIDATOR.validate(batch), VALIDATOR.check(bytes(text), 3, 100).violations());
    }

    @Test
    void requiredFieldsComeFirstWithinAMessage() throws MalformedJsonException {
        JsonNode document = parse(MESSAGE.replace("\"probeId\":1098,", "").replace("101098", "-101098"));

        assertEquals(List.of(new Pointed("/probeId", "required"), new Pointed("/resourceId", "minimum")),
                VALIDATOR.validate(document).stream().map(Pointed::of).toList());
    }

    @Test
    void violationMessagesExplainTheProblem() throws MalformedJsonException {
        List<Violation> violations = VALIDATOR.validate(parse(MESSAGE
                .replace("\"messageId\":7,", "")
                .replace("\"probeId\":1098", "\"probeId\":1098.0")
                .replace("\"measurement\"", "\"\"")));

        assertEquals(Set.of(
                "required field \"messageId\" is missing",
                "expected an integer, found a number with a fraction or exponent (write 1000, not 1000.0 or 1e3)",
                "expected one of [measurement, event]"),
                violations.stream().map(Violation::message).collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "probeId, 0", "probeId, 9223372036854775807",
        "resourceId, 0", "resourceId, 9223372036854775807",
        "messageId, 0", "messageId, 9223372036854775807",
        "sentTime, 0", "sentTime, 9223372036854775807",
        "descriptionId, 0", "descriptionId, 9223372036854775807",
        "time, 0", "time, 9223372036854775807",
        "value, 1.7976931348623157e308", "value, -1.7976931348623157e308", "value, 4.9e-324",
        "value, -0.0", "value, 1e-400", "value, 123456789012345678901234567890",
    })
    void boundaryValuesAreValidUnderTheFull64BitProfile(String field, String literal) throws MalformedJsonException {
        assertEquals(List.of(), FULL_64BIT.validate(parse(withField(field, literal))));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "probeId, 0", "probeId, 2147483647",
        "resourceId, 0", "resourceId, 2147483647",
        "messageId, 0", "messageId, 9223372036854775807",
        "sentTime, 0", "sentTime, 9223372036854775807",
        "descriptionId, 0", "descriptionId, 2147483647",
        "time, 1", "time, 2147483647",
    })
    void boundaryValuesAreValidUnderTheDefaultProfile(String field, String literal) throws MalformedJsonException {
        assertEquals(List.of(), VALIDATOR.validate(parse(withField(field, literal))));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "probeId | 2147483648 | maximum | 2147483648 is greater than the maximum 2147483647 (the knowledge-base loader "
                + "reads it as a 32-bit int)",
        "resourceId | 4294967297 | maximum | 4294967297 is greater than the maximum 2147483647 (the knowledge-base "
                + "loader reads it as a 32-bit int)",
        "descriptionId | 9223372036854775807 | maximum | 9223372036854775807 is greater than the maximum 2147483647 "
                + "(the knowledge-base loader reads it as a 32-bit int)",
        "time | 0 | minimum | 0 is less than the minimum 1 (the knowledge-base loader reads it as a 32-bit int and "
                + "stores epoch seconds 1..2147483647 (1970-01-01T00:00:01Z..2038-01-19T03:14:07Z))",
        "time | 1796080013000 | maximum | 1796080013000 is greater than the maximum 2147483647 (the knowledge-base "
                + "loader reads it as a 32-bit int and stores epoch seconds 1..2147483647 "
                + "(1970-01-01T00:00:01Z..2038-01-19T03:14:07Z)); it looks like milliseconds: observation times are "
                + "epoch seconds, e.g. 1796080013 (2026-11-30T23:06:53Z)",
        "time | 1796080013000000 | maximum | 1796080013000000 is greater than the maximum 2147483647 (the "
                + "knowledge-base loader reads it as a 32-bit int and stores epoch seconds 1..2147483647 "
                + "(1970-01-01T00:00:01Z..2038-01-19T03:14:07Z)); it looks like microseconds: observation times are "
                + "epoch seconds, e.g. 1796080013 (2026-11-30T23:06:53Z)",
        "time | 2147483648 | maximum | 2147483648 is greater than the maximum 2147483647 (the knowledge-base loader "
                + "reads it as a 32-bit int and stores epoch seconds 1..2147483647 "
                + "(1970-01-01T00:00:01Z..2038-01-19T03:14:07Z))",
    })
    void theDefaultProfileRefusesWhatTheKnowledgeBaseWouldCorruptAndSaysWhy(String field, String literal,
                                                                            String keyword, String message)
            throws MalformedJsonException {
        List<Violation> violations = VALIDATOR.validate(parse(withField(field, literal)));

        assertEquals(1, violations.size(), () -> "violations: " + violations);
        assertEquals(keyword, violations.get(0).keyword());
        assertTrue(violations.get(0).pointer().endsWith("/" + field));
        assertEquals(message, violations.get(0).message());
        assertEquals(List.of(), FULL_64BIT.validate(parse(withField(field, literal))));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "probeId, -9223372036854775809, minimum",
        "time, 18446744073709551616, maximum",
        "value, 1.7976931348623159e308, maximum",
        "value, 1e999999999, maximum",
        "value, -1e999999999, minimum",
        "descriptionId, 1e-999999999, type",
        "messageId, -0.0, type",
    })
    void valuesJustOutsideTheRangeAreViolations(String field, String literal, String keyword)
            throws MalformedJsonException {
        List<Violation> violations = FULL_64BIT.validate(parse(withField(field, literal)));

        assertEquals(1, violations.size(), () -> "violations: " + violations);
        assertEquals(keyword, violations.get(0).keyword());
        assertTrue(violations.get(0).pointer().endsWith("/" + field));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[1]", "\"message\""})
    void validateMessageAcceptsOnlyAnObject(String json) throws MalformedJsonException {
        List<Violation> violations = VALIDATOR.validateMessage(parse(json));

        assertEquals(List.of(new Pointed("", "type")), violations.stream().map(Pointed::of).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"message\" | type | expected a message object or an array of messages, found: string",
        "1.5 | type | expected a message object or an array of messages, found: number",
        "false | type | expected a message object or an array of messages, found: boolean",
        "null | type | expected a message object or an array of messages, found: null",
        "[] | minItems | a batch must contain at least one message",
    })
    void aDocumentThatIsNoMessageAndNoBatchIsOneViolation(String json, String keyword, String message)
            throws Exception {
        List<Violation> expected = List.of(new Violation("", keyword, message));

        assertEquals(expected, VALIDATOR.validate(parse(json)));
        assertEquals(expected, VALIDATOR.check(bytes(json), 10, 10).violations());
    }

    private static String withField(String field, String literal) {
        int start = MESSAGE.indexOf("\"" + field + "\":") + field.length() + 3;
        int end = start;
        while (end < MESSAGE.length() && ",}]".indexOf(MESSAGE.charAt(end)) < 0) {
            end++;
        }
        return MESSAGE.substring(0, start) + literal + MESSAGE.substring(end);
    }

    private static JsonNode parse(String json) throws MalformedJsonException {
        return JsonDocumentParser.DEFAULT.parse(bytes(json));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static Set<Pointed> pointed(List<Violation> violations) {
        assertEquals(violations.size(), Set.copyOf(violations).size(), () -> "duplicates in " + violations);
        return violations.stream().map(Pointed::of).collect(Collectors.toSet());
    }

    /** A violation without its message. */
    private record Pointed(String pointer, String keyword) {
        static Pointed of(Violation v) {
            return new Pointed(v.pointer(), v.keyword());
        }
    }
}
