package eu.atmosphere.tmaf.monitor.schema;

/**
 * The bytes are not one well-formed JSON document within the parser's limits (syntax error,
 * invalid UTF-8, duplicate key, nesting too deep, trailing content, ...).
 */
public class MalformedJsonException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;

    /**
     * @param message what is wrong, without any of the document's content
     * @param line    1-based line of the problem, or -1 if unknown
     * @param column  1-based column of the problem, or -1 if unknown
     * @param cause   the parser's exception
     */
    public MalformedJsonException(String message, long line, long column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /** @return 1-based line of the problem, or -1 if unknown */
    public long line() {
        return line;
    }

    /** @return 1-based column of the problem, or -1 if unknown */
    public long column() {
        return column;
    }
}
