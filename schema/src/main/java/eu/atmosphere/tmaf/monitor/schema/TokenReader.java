package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * How the streaming pass advances through a body: every token goes through here, so every object's field
 * names are checked for duplicates ({@link FieldNames}) whichever check reads them. The parser itself is
 * created without Jackson's duplicate detection, which keeps a {@code HashSet} per object of three or more
 * fields. Values are read from {@link #parser()}. One per body; not thread-safe.
 *
 * <pre>{@code
 * TokenReader in = new TokenReader(parser);        // parser at the document's first token
 * for (String name = in.nextFieldName(); name != null; name = in.nextFieldName()) {
 *     in.next();                                    // the field's value
 * }
 * }</pre>
 */
final class TokenReader {

    /** Thrown when an object has a field name twice; unchecked, so it passes the parse problems through. */
    static final class DuplicateFieldName extends RuntimeException {

        private static final long serialVersionUID = 1L;

        DuplicateFieldName(String name) {
            super("duplicate field name \"" + name + "\"", null, false, false);
        }
    }

    private final JsonParser parser;
    private final FieldNames names = new FieldNames();

    /** @param parser a parser at the document's first token */
    TokenReader(JsonParser parser) {
        this.parser = parser;
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            names.open();
        }
    }

    /** @return the parser, to read the current token's value (never to advance it) */
    JsonParser parser() {
        return parser;
    }

    /** @return the current token */
    JsonToken current() {
        return parser.currentToken();
    }

    /**
     * @return the next token
     * @throws DuplicateFieldName if it is a field name its object already has
     */
    JsonToken next() throws IOException {
        return track(parser.nextToken());
    }

    /**
     * @return the next token's name if it is a field name, else {@code null} (the object's end is then current)
     * @throws DuplicateFieldName if it is a field name its object already has
     */
    String nextFieldName() throws IOException {
        String name = parser.nextFieldName();
        if (name == null) {
            track(parser.currentToken());
        } else if (!names.add(name)) {
            throw new DuplicateFieldName(name);
        }
        return name;
    }

    private JsonToken track(JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            names.open();
        } else if (token == JsonToken.END_OBJECT) {
            names.close();
        } else if (token == JsonToken.FIELD_NAME && !names.add(parser.currentName())) {
            throw new DuplicateFieldName(parser.currentName());
        }
        return token;
    }
}
