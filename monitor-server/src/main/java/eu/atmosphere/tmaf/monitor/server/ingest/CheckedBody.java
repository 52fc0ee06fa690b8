package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.schema.CheckedDocument;
import eu.atmosphere.tmaf.monitor.schema.MalformedJsonException;
import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.schema.TooManyMessagesException;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.http.RequestHead;
import java.io.InputStream;
import java.util.List;

/**
 * A request body read within its limit, read once by the schema's streaming pass and valid against the
 * schema: what {@code POST /monitor} publishes and {@code POST /monitor/validate} only checks, with the
 * same problems for the same mistakes.
 *
 * @param bytes    the (decompressed) body
 * @param document what the pass found in it: one message or a batch, each message's bytes and ids
 */
record CheckedBody(byte[] bytes, CheckedDocument document) {

    /** Most violations listed in one answer: enough to fix a probe, bounded however broken the batch is. */
    static final int MAX_REPORTED_VIOLATIONS = 100;
    /** The problem slug of schema violations. */
    static final String INVALID_MESSAGE = "invalid-message";

    /**
     * @param head      the request's head: Content-Type, Content-Encoding and Content-Length
     * @param body      the request body, complete
     * @param limit     largest body, decompressed
     * @param maxItems  most messages in a batch
     * @param validator the schema
     * @param outcome   what the client should know happened to the request, appended to problem details
     * @return the checked body
     * @throws ProblemException 415 unless the body is {@code application/json} (at most charset=utf-8), 400 or
     *                          413, as {@code POST /monitor} answers them; at most
     *                          {@value #MAX_REPORTED_VIOLATIONS} violations, validation stops there
     */
    static CheckedBody read(RequestHead head, InputStream body, int limit, int maxItems, MessageValidator validator,
                            String outcome) {
        Problem mediaType = head.jsonBodyProblem();
        if (mediaType != null) {
            throw new ProblemException(mediaType);
        }
        byte[] bytes = RequestBody.read(body, head.contentEncoding(), head.contentLength(), limit);
        CheckedDocument document;
        try {
            document = validator.check(bytes, maxItems, MAX_REPORTED_VIOLATIONS + 1);
        } catch (MalformedJsonException e) {
            String where = e.line() > 0 ? "line " + e.line() + ", column " + e.column() + ": " : "";
            throw new ProblemException(Problem.of(400, "malformed-json", "Malformed JSON",
                    where + e.getMessage() + outcome));
        } catch (TooManyMessagesException e) {
            throw new ProblemException(Problem.of(413, "too-many-messages", "Too many messages",
                    "the batch has more than " + e.maxItems() + " messages (reading stopped at message "
                            + e.itemsSeen() + "), at most " + e.maxItems() + " are accepted in one request; send "
                            + "smaller batches" + outcome));
        }
        List<Violation> violations = document.violations();
        if (violations.size() > MAX_REPORTED_VIOLATIONS) {
            throw new ProblemException(Problem.of(400, INVALID_MESSAGE, "Invalid message",
                    "more than " + MAX_REPORTED_VIOLATIONS + " schema violations, the first " + MAX_REPORTED_VIOLATIONS
                            + " are listed (validation stopped there)" + outcome)
                    .withViolations(violations.subList(0, MAX_REPORTED_VIOLATIONS), document.batch()));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.of(400, INVALID_MESSAGE, "Invalid message",
                    violations.size() + " schema violation(s)" + outcome)
                    .withViolations(violations, document.batch()));
        }
        return new CheckedBody(bytes, document);
    }
}
