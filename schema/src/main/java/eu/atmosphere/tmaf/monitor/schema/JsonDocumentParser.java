package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Parses untrusted bytes into a JSON tree, once, with limits that keep hostile input cheap:
 * strict duplicate-key detection, bounded nesting depth and number length, no trailing
 * content. Floating-point numbers are kept as exact decimals so that {@code 1000.0} stays
 * distinguishable from {@code 1000} and nothing is rounded. Thread-safe.
 *
 * <pre>{@code
 * JsonNode doc = JsonDocumentParser.DEFAULT.parse(body);
 * List<Violation> violations = validator.validate(doc);
 * }</pre>
 */
public final class JsonDocumentParser {

    /** Nesting deeper than any message needs (a batch is 6 levels deep) by a wide margin. */
    public static final int MAX_NESTING_DEPTH = 64;
    /**
     * Most digits a number may have before its exponent (integer and fraction digits, without sign
     * and decimal point, as Jackson counts them). An exponent beyond the {@code int} range is
     * malformed too.
     */
    public static final int MAX_NUMBER_LENGTH = 400;

    /** A parser with the limits above. */
    public static final JsonDocumentParser DEFAULT = new JsonDocumentParser();

    private final ObjectReader reader;

    private JsonDocumentParser() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        reader = JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build()
                .reader();
    }

    /**
     * @param utf8 the document, UTF-8 encoded
     * @return the document's tree
     * @throws MalformedJsonException if the bytes are not exactly one well-formed JSON value
     */
    public JsonNode parse(byte[] utf8) throws MalformedJsonException {
        requireUtf8(utf8);
        try (JsonParser parser = reader.createParser(utf8)) {
            JsonNode node = readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new MalformedJsonException("empty body: expected a JSON document", 1, 1, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedJsonException(e.getOriginalMessage(),
                    at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(), e);
        } catch (IOException e) {
            throw new MalformedJsonException("unreadable body: " + e.getClass().getSimpleName(), -1, -1, e);
        }
    }

    /**
     * Jackson guesses the encoding of a byte array and would read UTF-16 and UTF-32 too. Those
     * start with a byte order mark (0xFE/0xFF, never valid in UTF-8) or have a NUL among their
     * first four bytes (never valid in a UTF-8 JSON text), so both are refused here.
     */
    private static void requireUtf8(byte[] bytes) throws MalformedJsonException {
        if (bytes.length > 0 && (bytes[0] == (byte) 0xFE || bytes[0] == (byte) 0xFF)) {
            throw new MalformedJsonException("not UTF-8: the body starts with a UTF-16 or UTF-32 byte order mark",
                    1, 1, null);
        }
        for (int i = 0; i < Math.min(bytes.length, 4); i++) {
            if (bytes[i] == 0) {
                throw new MalformedJsonException("not UTF-8: NUL byte (UTF-16 or UTF-32 text?)", 1, i + 1, null);
            }
        }
    }

    /** Binds the tree; a number whose exponent does not fit a {@code BigDecimal} is malformed, not a crash. */
    private JsonNode readTree(JsonParser parser) throws IOException, MalformedJsonException {
        try {
            return reader.readTree(parser);
        } catch (NumberFormatException e) {
            JsonLocation at = parser.currentTokenLocation();
            throw new MalformedJsonException("number out of range: its exponent is too large",
                    at.getLineNr(), at.getColumnNr(), e);
        }
    }
}
