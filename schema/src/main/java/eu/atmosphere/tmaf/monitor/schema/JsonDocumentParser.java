package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Parses untrusted bytes into a JSON tree, once, with limits that keep hostile input cheap:
 * strict duplicate-key detection, bounded nesting depth and number length, no trailing
 * content. Floating-point numbers are kept as exact decimals so that {@code 1000.0} stays
 * distinguishable from {@code 1000} and nothing is rounded. Thread-safe. A request body is checked
 * with {@link MessageValidator#check(byte[], int, int)}, which reads the bytes with the same limits
 * and builds a tree only for a message it cannot certify; this parser is for a document wanted as a tree.
 *
 * <pre>{@code
 * JsonNode doc = JsonDocumentParser.DEFAULT.parse(recordValue);
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

    private final ObjectReader reader = JsonMapper.builder(StrictJson.TREE_FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build()
            .reader();

    private JsonDocumentParser() {
    }

    /**
     * @param utf8 the document, UTF-8 encoded
     * @return the document's tree
     * @throws MalformedJsonException if the bytes are not exactly one well-formed JSON value
     */
    public JsonNode parse(byte[] utf8) throws MalformedJsonException {
        return parse(utf8, 0, utf8.length);
    }

    /**
     * @param utf8   bytes holding the document, UTF-8 encoded
     * @param offset where the document starts
     * @param length how many bytes it has
     * @return the document's tree
     * @throws MalformedJsonException if those bytes are not exactly one well-formed JSON value
     */
    JsonNode parse(byte[] utf8, int offset, int length) throws MalformedJsonException {
        return StrictJson.<JsonNode, RuntimeException>read(StrictJson.TREE_FACTORY, utf8, offset, length,
                this::readTree);
    }

    /**
     * Binds the tree of the value at the parser's current token; a float literal whose exponent no
     * {@code BigDecimal} holds is malformed.
     */
    private JsonNode readTree(JsonParser parser) throws IOException {
        try {
            return reader.readTree(parser);
        } catch (NumberFormatException e) {
            throw StrictJson.exponentTooLarge(parser, e);
        }
    }
}
