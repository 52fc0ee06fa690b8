package eu.atmosphere.tmaf.monitor.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import eu.atmosphere.tmaf.monitor.schema.MalformedJsonException;
import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.InputStream;
import java.util.List;

/**
 * A request body read within its limit, parsed once and valid against the schema: what
 * {@code POST /monitor} publishes and {@code POST /monitor/validate} only checks, with the same
 * problems for the same mistakes.
 *
 * @param bytes    the (decompressed) body
 * @param document its JSON: one message or an array of them
 */
record CheckedBody(byte[] bytes, JsonNode document) {

    /** The problem slug of schema violations. */
    static final String INVALID_MESSAGE = "invalid-message";

    /**
     * @param body      the request body
     * @param headers   its headers (Content-Encoding, Content-Length)
     * @param limit     largest body, decompressed
     * @param validator the schema
     * @param outcome   what the client should know happened to the request, appended to problem details
     * @return the checked body
     * @throws ProblemException 400, 413 or 415, as {@code POST /monitor} answers them
     */
    static CheckedBody read(InputStream body, HttpHeaders headers, int limit, MessageValidator validator,
                            String outcome) {
        byte[] bytes = RequestBody.read(body, headers.getHeaderString(HttpHeaders.CONTENT_ENCODING),
                declaredLength(headers), limit);
        JsonNode document;
        try {
            document = JsonDocumentParser.DEFAULT.parse(bytes);
        } catch (MalformedJsonException e) {
            String where = e.line() > 0 ? "line " + e.line() + ", column " + e.column() + ": " : "";
            throw new ProblemException(Problem.of(400, "malformed-json", "Malformed JSON",
                    where + e.getMessage() + outcome));
        }
        List<Violation> violations = validator.validate(document);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.of(400, INVALID_MESSAGE, "Invalid message",
                    violations.size() + " schema violation(s)" + outcome)
                    .withViolations(violations, document.isArray()));
        }
        return new CheckedBody(bytes, document);
    }

    /**
     * @return the Content-Length, or -1 if absent or not one value: Grizzly accepts repeated equal
     *         Content-Length headers (RFC 9110 allows them) where Jersey's getLength() throws; the
     *         read limit applies to the bytes actually received either way
     */
    private static long declaredLength(HttpHeaders headers) {
        try {
            return headers.getLength();
        } catch (RuntimeException repeated) {
            return -1;
        }
    }
}
