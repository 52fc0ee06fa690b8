package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedInputTest {

    private static final MessageValidator VALIDATOR = MessageValidator.create();

    private static final String MESSAGE = "{\"probeId\":1098,\"resourceId\":101098,\"messageId\":7,\"sentTime\":1535971460,"
            + "\"data\":[{\"type\":\"measurement\",\"descriptionId\":34,"
            + "\"observations\":[{\"time\":1535971455,\"value\":342.5}]}]}";

    static Stream<Named<byte[]>> syntaxErrors() {
        return Stream.of(
                utf8("missing value", "{\"probeId\":}"),
                utf8("unterminated object", MESSAGE.substring(0, MESSAGE.length() - 1)),
                utf8("unterminated string", "{\"probeId"),
                utf8("single quotes", "{'probeId':1098}"),
                utf8("unquoted name", "{probeId:1098}"),
                utf8("trailing comma", "{\"probeId\":1098,}"),
                utf8("missing comma", "[1 2]"),
                utf8("comment", "{/* probe */\"probeId\":1098}"),
                utf8("NaN", "{\"value\":NaN}"),
                utf8("Infinity", "{\"value\":-Infinity}"),
                utf8("leading zero", "{\"probeId\":01098}"),
                utf8("leading plus", "{\"probeId\":+1098}"),
                utf8("bare fraction", "{\"value\":.5}"),
                utf8("raw tab in string", "{\"type\":\"meas\turement\"}"),
                utf8("bad escape", "{\"type\":\"\\x41\"}"),
                utf8("lone close", "]"));
    }

    static Stream<Named<byte[]>> duplicateKeys() {
        return Stream.of(
                utf8("top-level probeId twice", "{\"probeId\":1,\"probeId\":2}"),
                utf8("duplicate in an observation", MESSAGE.replace("\"value\":342.5", "\"value\":342.5,\"value\":1")),
                utf8("duplicate unknown property", MESSAGE.replace("{\"probeId\"", "{\"x\":1,\"x\":1,\"probeId\"")));
    }

    static Stream<Named<byte[]>> trailingContent() {
        return Stream.of(
                utf8("second object", MESSAGE + " " + MESSAGE),
                utf8("second value", MESSAGE + "1"),
                utf8("garbage", MESSAGE + "x"),
                utf8("close bracket", MESSAGE + "]"),
                utf8("comma", "[]" + ","));
    }

    static Stream<Named<byte[]>> tooDeep() {
        int depth = JsonDocumentParser.MAX_NESTING_DEPTH + 1;
        return Stream.of(
                utf8("arrays one level too deep", "[".repeat(depth) + "]".repeat(depth)),
                utf8("objects one level too deep", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
                utf8("too deep inside a message", MESSAGE.replace("342.5", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth))),
                utf8("100k unclosed [", "[".repeat(100_000)),
                utf8("100k unclosed {\"a\":", "{\"a\":".repeat(100_000)),
                utf8("100k balanced []", "[".repeat(100_000) + "]".repeat(100_000)));
    }

    static Stream<Named<byte[]>> tooLongNumbers() {
        int digits = JsonDocumentParser.MAX_NUMBER_LENGTH + 1;
        return Stream.of(
                utf8("integer", MESSAGE.replace("1098", "1" + "0".repeat(digits - 1))),
                utf8("negative integer", MESSAGE.replace("1098", "-1" + "0".repeat(digits - 1))),
                utf8("fraction", MESSAGE.replace("342.5", "0." + "5".repeat(digits - 1))),
                utf8("mantissa with exponent", MESSAGE.replace("342.5", "3." + "4".repeat(digits - 1) + "e2")),
                utf8("exponent digits", MESSAGE.replace("342.5", "1e" + "9".repeat(digits))),
                utf8("100k digits", "9".repeat(100_000)));
    }

    static Stream<Named<byte[]>> numbersBeyondBigDecimal() {
        return Stream.of(
                utf8("exponent beyond int", MESSAGE.replace("342.5", "1e2147483648")),
                utf8("negative exponent beyond int", MESSAGE.replace("342.5", "1e-2147483648")),
                utf8("fraction with scale beyond int", MESSAGE.replace("342.5", "0.1e-2147483647")),
                utf8("eleven-digit exponent in an integer field", MESSAGE.replace("1098", "1e99999999999")),
                utf8("in an unknown property", MESSAGE.replace("{\"probeId\"", "{\"extra\":[1e2147483648],\"probeId\"")),
                utf8("in a string field", MESSAGE.replace("\"measurement\"", "-1e-2147483648")),
                utf8("in a batch item", "[" + MESSAGE + ",1e2147483648]"),
                utf8("the whole document", "1.0e-2147483647"));
    }

    static Stream<Named<byte[]>> notUtf8() {
        return Stream.of(
                bytes("0xFF", '"', 0xFF, '"'),
                bytes("lone continuation byte", '"', 0x80, '"'),
                bytes("truncated 2-byte sequence", '"', 0xC3, '"'),
                bytes("truncated 3-byte sequence at end of input", '"', 0xE2, 0x82),
                bytes("overlong encoding of NUL", '"', 0xC0, 0x80, '"'),
                bytes("overlong encoding of '/'", '"', 0xE0, 0x80, 0xAF, '"'),
                bytes("UTF-16 surrogate", '"', 0xED, 0xA0, 0x80, '"'),
                bytes("beyond U+10FFFF", '"', 0xF5, 0x80, 0x80, 0x80, '"'),
                bytes("in a field name", '{', '"', 0xFE, '"', ':', '1', '}'),
                bytes("in an unknown property", '{', '"', 'x', '"', ':', '"', 0xC0, 0x80, '"', '}'),
                bytes("in a batch item", '[', '{', '}', ',', '"', 0xED, 0xA0, 0x80, '"', ']'),
                encoded("UTF-16LE", MESSAGE, StandardCharsets.UTF_16LE),
                encoded("UTF-16BE", MESSAGE, StandardCharsets.UTF_16BE),
                encoded("UTF-16 with byte order mark", MESSAGE, StandardCharsets.UTF_16),
                encoded("UTF-32", MESSAGE, Charset.forName("UTF-32")),
                encoded("ISO-8859-1", "{\"type\":\"m\u00e9asurement\"}", StandardCharsets.ISO_8859_1),
                bytes("NUL byte", 0x00, '{', '}'));
    }

    static Stream<Named<byte[]>> empty() {
        return Stream.of(utf8("no bytes", ""), utf8("whitespace only", " \t\r\n "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"syntaxErrors", "duplicateKeys", "trailingContent", "tooDeep", "tooLongNumbers",
            "numbersBeyondBigDecimal", "notUtf8", "empty"})
    void malformedInputIsRejectedAsMalformed(byte[] body) {
        MalformedJsonException e = assertThrows(MalformedJsonException.class,
                () -> JsonDocumentParser.DEFAULT.parse(body));

        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        assertNull(ScanAssertions.treeOrRefusedAlike(body, VALIDATOR, "the streaming pass: "));
    }

    @Test
    void limitsThemselvesAreAccepted() throws MalformedJsonException {
        int depth = JsonDocumentParser.MAX_NESTING_DEPTH;
        String longNumber = "1" + "0".repeat(JsonDocumentParser.MAX_NUMBER_LENGTH - 1);

        assertEquals(depth, depthOf(JsonDocumentParser.DEFAULT.parse(
                ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8))));
        assertEquals(longNumber, JsonDocumentParser.DEFAULT.parse(
                longNumber.getBytes(StandardCharsets.UTF_8)).bigIntegerValue().toString());
    }

    @Test
    void utf8ByteOrderMarkAndMultiByteCharactersAreAccepted() throws Exception {
        byte[] text = "{\"unit\":\"\u00b5s \u20ac \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        assertEquals("\u00b5s \u20ac \ud83d\ude00", JsonDocumentParser.DEFAULT.parse(withBom).get("unit").textValue());
        CheckedDocument checked = VALIDATOR.check(withBom, 1, 10);
        assertEquals(List.of(3, withBom.length), List.of(checked.start(0), checked.end(0)));
    }

    @Test
    void exceptionLocatesTheProblem() {
        byte[] body = "{\n  \"probeId\": 1098,\n  \"probeId\": 1099\n}".getBytes(StandardCharsets.UTF_8);

        MalformedJsonException e = assertThrows(MalformedJsonException.class,
                () -> JsonDocumentParser.DEFAULT.parse(body));

        assertEquals(3, e.line());
        assertTrue(e.column() > 0);
    }

    /**
     * Mangles valid documents at random (fixed seed): parsing and validating the result either
     * succeeds or throws {@link MalformedJsonException}, nothing else; and the streaming pass of
     * {@link MessageValidator#check} refuses exactly what the tree parser refuses, the same way, and
     * reports the violations everit reports on the tree.
     */
    @Test
    void mangledDocumentsNeverThrowAnythingElse() {
        List<byte[]> originals = Stream.concat(
                        Corpus.documents(Corpus.VALID).stream().map(f -> Corpus.read(Corpus.VALID, f)),
                        Stream.of(MESSAGE.getBytes(StandardCharsets.UTF_8)))
                .toList();
        byte[] interesting = "{}[]\",:0123456789.eE+-truefalsnl\\ \u0000\u0080\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(20260127L);
        for (int i = 0; i < 3_000; i++) {
            byte[] body = mangle(originals.get(random.nextInt(originals.size())), random, interesting);
            try {
                JsonNode tree = ScanAssertions.treeOrRefusedAlike(body, VALIDATOR, "mangled document " + i + ": ");
                if (tree != null) {
                    assertEquals(VALIDATOR.validate(tree),
                            VALIDATOR.check(body, Integer.MAX_VALUE, Integer.MAX_VALUE).violations());
                }
            } catch (Exception | Error e) {
                fail("threw " + e + " for " + new String(body, StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    private static byte[] mangle(byte[] original, Random random, byte[] interesting) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + 16);
        int at = random.nextInt(original.length);
        switch (random.nextInt(4)) {
            case 0 -> {
                byte[] copy = original.clone();
                copy[at] = interesting[random.nextInt(interesting.length)];
                return copy;
            }
            case 1 -> {
                return Arrays.copyOf(original, at);
            }
            case 2 -> {
                out.write(original, 0, at);
                for (int n = random.nextInt(8) + 1; n > 0; n--) {
                    out.write(interesting[random.nextInt(interesting.length)]);
                }
                out.write(original, at, original.length - at);
                return out.toByteArray();
            }
            default -> {
                int end = at + random.nextInt(original.length - at);
                out.write(original, 0, end);
                out.write(original, at, original.length - at);
                return out.toByteArray();
            }
        }
    }

    private static int depthOf(JsonNode node) {
        return node.isEmpty() ? 1 : 1 + depthOf(node.get(0));
    }

    private static Named<byte[]> utf8(String name, String text) {
        return Named.of(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Named<byte[]> encoded(String name, String text, Charset charset) {
        return Named.of(name, text.getBytes(charset));
    }

    private static Named<byte[]> bytes(String name, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return Named.of(name, bytes);
    }
}
