package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MessageValidator#check} on bytes the tree never showed: layouts, escapes, ids, limits. */
class CheckedDocumentTest {

    private static final MessageValidator VALIDATOR = MessageValidator.create();
    private static final int MAX = 1000;

    private static final String MESSAGE = "{\"probeId\":1098,\"resourceId\":101098,\"messageId\":7,\"sentTime\":1535971460,"
            + "\"data\":[{\"type\":\"measurement\",\"descriptionId\":34,"
            + "\"observations\":[{\"time\":1535971455,\"value\":342.5}]}]}";
    private static final String PRETTY = "{\r\n\t\"probeId\" : 1098,\r\n\t\"resourceId\" : 7,\r\n\t\"messageId\" : 1,"
            + "\r\n\t\"sentTime\" : 2,\r\n\t\"data\" : [ {\n    \"type\" : \"event\",\n    \"descriptionId\" : 0,\n"
            + "    \"observations\" : [ { \"time\" : 1, \"value\" : -0.0E+0 } ]\n  } ]\r\n}";
    private static final String ESCAPED = "{\"probe\\u0049d\":1098,\"\\u0072esourceId\":8,\"messageId\":-0,\"sentTime\":0,"
            + "\"x\":\"}{\\\"][\\\\\",\"data\":[{\"t\\u0079pe\":\"\\u0065vent\",\"descriptionId\":1,"
            + "\"observations\":[{\"time\":2,\"value\":1e-400}]}]}";

    @Test
    void batchItemsKeepTheirBytesExactly() throws Exception {
        String body = "[ " + MESSAGE + ",\r\n\t" + PRETTY + " ,\n" + ESCAPED + "\n]\r\n";

        CheckedDocument checked = VALIDATOR.check(bytes(body), MAX, 10);

        assertEquals(List.of(), checked.violations());
        assertTrue(checked.batch());
        assertEquals(3, checked.size());
        List<String> items = List.of(MESSAGE, PRETTY, ESCAPED);
        for (int i = 0; i < items.size(); i++) {
            assertEquals(items.get(i), new String(checked.messageBytes(i), StandardCharsets.UTF_8));
            assertEquals(body.indexOf(items.get(i)), checked.start(i));
            assertEquals(body.indexOf(items.get(i)) + items.get(i).length(), checked.end(i));
            assertTrue(checked.certified(i));
        }
        assertEquals(List.of(1098L, 1098L, 1098L), List.of(checked.probeId(0), checked.probeId(1), checked.probeId(2)));
        assertEquals(List.of(101098L, 7L, 8L),
                List.of(checked.resourceId(0), checked.resourceId(1), checked.resourceId(2)));
    }

    @Test
    void aSingleMessageIsItsObjectWithoutByteOrderMarkAndSurroundingWhitespace() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        body.writeBytes(bytes("\r\n \t" + PRETTY + "\n\n"));

        CheckedDocument checked = VALIDATOR.check(body.toByteArray(), MAX, 10);

        assertTrue(checked.valid());
        assertFalse(checked.batch());
        assertEquals(1, checked.size());
        assertArrayEquals(bytes(PRETTY), checked.messageBytes(0));
        assertEquals(7, checked.start(0));
        byte[] exact = bytes(MESSAGE);
        assertSame(exact, VALIDATOR.check(exact, MAX, 10).messageBytes(0), "no copy when the message is the body");
    }

    @Test
    void idsComeFromTheMessagesOwnFieldsOnly() throws Exception {
        String nested = "{\"before\":{\"probeId\":7,\"resourceId\":8},\"list\":[{\"probeId\":9}],\"s\":\"\\\"probeId\\\":5\","
                + MESSAGE.substring(1, MESSAGE.length() - 1) + ",\"after\":{\"resourceId\":10}}";

        CheckedDocument checked = VALIDATOR.check(bytes(nested), MAX, 10);

        assertTrue(checked.valid());
        assertEquals(1098, checked.probeId(0));
        assertEquals(101098, checked.resourceId(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1098|true", "-0|true", "0|true", "2147483647|true", "2147483648|false", "-0.0|false", "1098.0|false",
        "1e3|false", "1E+3|false", "\"1098\"|false", "null|false", "9223372036854775807|false",
    })
    void anIdIsRecordedWhenItIsAnIntegerLiteralThatFitsALong(String literal, boolean valid) throws Exception {
        CheckedDocument checked = VALIDATOR.check(bytes(MESSAGE.replace("\"probeId\":1098", "\"probeId\":" + literal)), MAX, 10);

        assertEquals(valid, checked.valid(), () -> checked.violations().toString());
        assertEquals(valid, checked.certified(0));
        if (literal.matches("-?[0-9]+")) {
            assertEquals(Long.parseLong(literal), checked.probeId(0));
        } else {
            assertThrows(IllegalStateException.class, () -> checked.probeId(0));
        }
        assertEquals(101098, checked.resourceId(0));
    }

    @Test
    void anIdBeyondTheLongRangeIsNotRecorded() throws Exception {
        CheckedDocument checked = VALIDATOR.check(bytes(MESSAGE.replace("101098", "9223372036854775808")), MAX, 10);

        assertEquals("maximum", checked.violations().get(0).keyword());
        assertThrows(IllegalStateException.class, () -> checked.resourceId(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"probeId\":1,\"probe\\u0049d\":2}",
        "{\"x\":{\"a\":1,\"a\":2}}",
        "[{},{\"data\":[{\"type\":\"event\",\"type\":\"event\"}]}]",
        "{\"probeId\":1,\n\"probeId\":1}",
        "{\"a\":{\"a\":1},\"a\":2}",
        "{\"a\":[{\"b\":{},\"b\":1}]}",
        "{\"f1\":1,\"f2\":1,\"f3\":1,\"f4\":1,\"f5\":1,\"f6\":1,\"f7\":1,\"f8\":1,\"f8\":1}",
        "{\"f1\":1,\"f2\":1,\"f3\":1,\"f4\":1,\"f5\":1,\"f6\":1,\"f7\":1,\"f8\":1,\"f9\":1,\"f1\":1}",
        "{\"f1\":1,\"f2\":1,\"f3\":1,\"f4\":1,\"f5\":1,\"f6\":1,\"f7\":1,\"f8\":1,\"f9\":1,\"fA\":1,\"f9\":1}",
    })
    void duplicateKeysAreMalformedAsTheTreeParserSays(String json) {
        assertNull(ScanAssertions.treeOrRefusedAlike(bytes(json), VALIDATOR, json + ": "));
    }

    @Test
    void aDuplicateKeyInAnOtherwiseValidMessageIsFound() {
        String manyNames = "{\"f1\":1,\"f2\":1,\"f3\":1,\"f4\":1,\"f5\":1,\"f6\":1,\"f7\":1,\"f8\":1,\"f9\":1,\"f1\":1}";
        for (String json : List.of(MESSAGE.replace("\"messageId\":7", "\"messageId\":7,\"probeId\":1098"),
                MESSAGE.replace("{\"probeId\"", "{\"x\":" + manyNames + ",\"probeId\""),
                MESSAGE.replace("{\"time\"", "{\"value\":1,\"time\""))) {
            assertNull(ScanAssertions.treeOrRefusedAlike(bytes(json), VALIDATOR, json + ": "));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":{\"b\":1},\"b\":2}",
        "{\"a\":{\"a\":{\"a\":[{\"a\":1},{\"a\":2}]}}}",
        "[{\"a\":1},{\"a\":1}]",
        "{\"f1\":1,\"f2\":1,\"f3\":1,\"f4\":1,\"f5\":1,\"f6\":1,\"f7\":1,\"f8\":1,\"f9\":{\"f1\":{\"f9\":1}},\"fA\":1}",
    })
    void theSameNameInAnotherObjectIsNoDuplicate(String json) throws Exception {
        assertEquals(1, VALIDATOR.check(bytes(json), MAX, 1).violations().size());
    }

    @Test
    void nestingUpToTheLimitIsReadAndOneLevelMoreIsMalformed() throws Exception {
        int free = JsonDocumentParser.MAX_NESTING_DEPTH - 1;   // the message object is the first level
        String deepest = MESSAGE.replace("{\"probeId\"", "{\"deep\":" + "[".repeat(free) + "]".repeat(free) + ",\"probeId\"");
        String tooDeep = deepest.replace("[]", "[{}]");

        assertTrue(VALIDATOR.check(bytes(deepest), MAX, 10).valid());
        assertNull(ScanAssertions.treeOrRefusedAlike(bytes(tooDeep), VALIDATOR, "too deep: "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "342.5|true", "-0|true", "-0.0|true", "1e3|true", "1E+3|true", "2.5e-7|true", "1e-400|true",
        "123456789012345678901234567890|true", "1.7976931348623157e308|true", "1.7976931348623158e308|false",
        "-1e309|false", "1e999999999|false", "\"342.5\"|false", "[342.5]|false", "{\"v\":1}|false",
    })
    void valuesAreJudgedByTheirLiteral(String literal, boolean valid) throws Exception {
        CheckedDocument checked = VALIDATOR.check(bytes(MESSAGE.replace("342.5", literal)), MAX, 10);

        assertEquals(valid, checked.valid(), () -> checked.violations().toString());
        assertEquals(valid, checked.certified(0));
    }

    @Test
    void aBatchOfMoreThanMaxItemsStopsAtTheFirstItemBeyond() throws Exception {
        String two = "[" + MESSAGE + "," + MESSAGE;

        assertEquals(2, VALIDATOR.check(bytes(two + "]"), 2, 10).size());
        TooManyMessagesException e = assertThrows(TooManyMessagesException.class,
                () -> VALIDATOR.check(bytes(two + ",{}]"), 2, 10));
        assertEquals(2, e.maxItems());
        assertEquals(3, e.itemsSeen());
        assertThrows(TooManyMessagesException.class, () -> VALIDATOR.check(bytes(two + ",{ not JSON at all"), 2, 10),
                "nothing after the item beyond the limit is read");
        assertThrows(MalformedJsonException.class, () -> VALIDATOR.check(bytes(two + "}"), 2, 10));
        assertThrows(TooManyMessagesException.class, () -> VALIDATOR.check(bytes("[1,2]"), 1, 10));
        assertEquals(1, VALIDATOR.check(bytes(MESSAGE), 1, 10).size());
    }

    @Test
    void batchItemsThatAreNoObjectsHaveTheirRangeAndTheirViolation() throws Exception {
        String body = "[ -1.5e3 ,\"{x}\", [ {} ],null," + MESSAGE + "]";

        CheckedDocument checked = VALIDATOR.check(bytes(body), MAX, 10);

        assertEquals(List.of("/0", "/1", "/2", "/3"), checked.violations().stream().map(Violation::pointer).toList());
        assertEquals(List.of("-1.5e3", "\"{x}\"", "[ {} ]", "null", MESSAGE), List.of(text(checked, 0), text(checked, 1),
                text(checked, 2), text(checked, 3), text(checked, 4)));
        assertTrue(checked.certified(4));
    }

    @Test
    void withoutAFastPathEveryMessageGoesToEveritWithTheSameRangesAndIds() throws Exception {
        byte[] body = bytes("[" + PRETTY + "," + ESCAPED + "]");
        StructuralCheck.ObjectShape compiled = StructuralCheckCompiler.compile(AcceptanceProfile.DEFAULT.schemaBytes())
                .orElseThrow();

        DocumentScan fast = DocumentScan.of(body, compiled, MAX);
        DocumentScan unchecked = DocumentScan.of(body, StructuralCheck.ObjectShape.UNCHECKED, MAX);

        for (int i = 0; i < 2; i++) {
            assertTrue(fast.certified(i));
            assertFalse(unchecked.certified(i));
            assertEquals(List.of(fast.start(i), fast.end(i), fast.probeId(i), fast.resourceId(i)),
                    List.of(unchecked.start(i), unchecked.end(i), unchecked.probeId(i), unchecked.resourceId(i)));
        }
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VALIDATOR.check(bytes(MESSAGE), 0, 10));
        assertThrows(IllegalArgumentException.class, () -> VALIDATOR.check(bytes(MESSAGE), 10, 0));
    }

    private static String text(CheckedDocument checked, int index) {
        return new String(checked.messageBytes(index), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
