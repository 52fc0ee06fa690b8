package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The limits every reading of untrusted bytes applies, in one place, for the tree parser
 * ({@link JsonDocumentParser}) and the streaming pass ({@link DocumentScan}) alike: bounded nesting
 * depth and number length (one {@link JsonFactory} for each of the two, built alike), UTF-8 only (a
 * UTF-8 byte order mark is skipped), exactly one value, and every float literal exactly representable
 * as a {@code BigDecimal}. Duplicate keys are refused by Jackson in the tree parser and by
 * {@link TokenReader} in the pass. Malformed input gives the same {@link MalformedJsonException}
 * (message, line, column) whichever of the two read it.
 *
 * <pre>{@code
 * JsonNode tree = StrictJson.read(StrictJson.TREE_FACTORY, body, 0, body.length, reader::readTree);
 * }</pre>
 */
final class StrictJson {

    /** The tree parser's: with Jackson's duplicate detection. Thread-safe; it pools the symbol tables parsers use. */
    static final JsonFactory TREE_FACTORY = limited().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /**
     * The streaming pass's: its {@link TokenReader} detects duplicate keys without allocating; {@code double}s are
     * parsed from the parser's characters without a {@code String}.
     */
    static final JsonFactory STREAM_FACTORY = limited().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    /** An exponent with at most this many digits (after leading zeros) always fits a {@code BigDecimal}'s scale. */
    private static final int SAFE_EXPONENT_DIGITS = 9;

    private StrictJson() {
    }

    private static JsonFactoryBuilder limited() {
        return new JsonFactoryBuilder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(JsonDocumentParser.MAX_NESTING_DEPTH)
                .maxNumberLength(JsonDocumentParser.MAX_NUMBER_LENGTH)
                .build());
    }

    /**
     * Reads one value: its first token current when {@code reading} starts, nothing but whitespace after its last.
     *
     * @param <T>       what the reading makes of the value
     * @param <X>       a problem the reading may report besides malformed JSON
     * @param factory   {@link #TREE_FACTORY} or {@link #STREAM_FACTORY}
     * @param utf8      bytes holding the document
     * @param offset    where the document starts
     * @param length    how many bytes it has
     * @param reading   reads the value, leaving the parser at its last token
     * @return what the reading returned
     * @throws MalformedJsonException if the bytes are not exactly one well-formed JSON value within the limits
     * @throws X                      as the reading throws it
     */
    static <T, X extends Exception> T read(JsonFactory factory, byte[] utf8, int offset, int length,
                                           Reading<T, X> reading) throws MalformedJsonException, X {
        requireUtf8(utf8, offset, length);
        try (JsonParser parser = factory.createParser(utf8, offset, length)) {
            if (parser.nextToken() == null) {
                throw new MalformedJsonException("empty body: expected a JSON document", 1, 1, null);
            }
            T value = reading.read(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "trailing content after the JSON document",
                        parser.currentTokenLocation(), null);
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedJsonException(e.getOriginalMessage(),
                    at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(), e);
        } catch (IOException e) {
            throw new MalformedJsonException("unreadable body: " + e.getClass().getSimpleName(), -1, -1, e);
        }
    }

    /**
     * What {@link #read} does with the value.
     *
     * @param <T> what it makes of the value
     * @param <X> a problem it may report besides malformed JSON
     */
    @FunctionalInterface
    interface Reading<T, X extends Exception> {

        /**
         * @param parser at the value's first token; to be left at its last
         * @return what was made of the value
         * @throws IOException malformed JSON, as Jackson reports it
         */
        T read(JsonParser parser) throws IOException, X;
    }

    /**
     * Checks that the current {@code VALUE_NUMBER_FLOAT} token is a number: {@code BigDecimal} refuses an exponent
     * that does not fit its {@code int} scale ({@code 1e2147483648}), so the tree parser refuses it too. An exponent
     * of at most {@value #SAFE_EXPONENT_DIGITS} digits always fits; a longer one is tried as a {@code BigDecimal}.
     *
     * @throws JsonParseException if the literal is no {@code BigDecimal}
     */
    static void requireDecimal(JsonParser parser) throws IOException {
        char[] text = parser.getTextCharacters();
        int end = parser.getTextOffset() + parser.getTextLength();
        int i = parser.getTextOffset();
        while (i < end && text[i] != 'e' && text[i] != 'E') {
            i++;
        }
        if (i == end) {
            return;
        }
        i++;
        if (text[i] == '+' || text[i] == '-') {
            i++;
        }
        while (i < end - 1 && text[i] == '0') {
            i++;
        }
        if (end - i > SAFE_EXPONENT_DIGITS) {
            decimal(parser);
        }
    }

    /**
     * @return the current number token's exact value
     * @throws JsonParseException if it is a float literal whose exponent does not fit a {@code BigDecimal}
     */
    static BigDecimal decimal(JsonParser parser) throws IOException {
        try {
            return parser.getDecimalValue();
        } catch (NumberFormatException e) {
            throw exponentTooLarge(parser, e);
        }
    }

    /** @return the problem of a float literal {@code BigDecimal} refuses, located at the literal */
    static JsonParseException exponentTooLarge(JsonParser parser, NumberFormatException cause) {
        return new JsonParseException(parser, "number out of range: its exponent is too large",
                parser.currentTokenLocation(), cause);
    }

    /**
     * Jackson guesses the encoding of a byte array and would read UTF-16 and UTF-32 too. Those
     * start with a byte order mark (0xFE/0xFF, never valid in UTF-8) or have a NUL among their
     * first four bytes (never valid in a UTF-8 JSON text), so both are refused here.
     */
    private static void requireUtf8(byte[] bytes, int offset, int length) throws MalformedJsonException {
        if (length > 0 && (bytes[offset] == (byte) 0xFE || bytes[offset] == (byte) 0xFF)) {
            throw new MalformedJsonException("not UTF-8: the body starts with a UTF-16 or UTF-32 byte order mark",
                    1, 1, null);
        }
        for (int i = 0; i < Math.min(length, 4); i++) {
            if (bytes[offset + i] == 0) {
                throw new MalformedJsonException("not UTF-8: NUL byte (UTF-16 or UTF-32 text?)", 1, i + 1, null);
            }
        }
    }
}
