package eu.atmosphere.tmaf.monitor.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail: what went wrong with a request, as {@code application/problem+json}.
 * Immutable; the {@code with...} methods return copies.
 *
 * <pre>{@code
 * throw new ProblemException(Problem.of(413, "payload-too-large", "Payload too large",
 *         "the body exceeds 1048576 bytes"));
 * }</pre>
 *
 * @param status     HTTP status
 * @param slug       short machine-readable kind, the last part of the {@code type} URI
 * @param title      short human summary of the kind
 * @param detail     what exactly was wrong with this request
 * @param violations schema violations, empty unless the message was invalid
 * @param batch      whether the violations refer to items of a batch (adds their index)
 * @param headers    extra response headers (e.g. Retry-After, WWW-Authenticate)
 */
public record Problem(int status, String slug, String title, String detail, List<Violation> violations,
                      boolean batch, Map<String, String> headers) {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Prefix of every problem {@code type}. */
    public static final String TYPE_PREFIX = "urn:tma-monitor:problem:";

    private static final ObjectWriter WRITER = new ObjectMapper().writer();

    /** Copies the collections. */
    public Problem {
        violations = List.copyOf(violations);
        headers = Map.copyOf(headers);
    }

    /**
     * @param status HTTP status
     * @param slug   kind, e.g. {@code invalid-message}
     * @param title  summary of the kind
     * @param detail what was wrong with this request
     * @return a problem without violations or extra headers
     */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, List.of(), false, Map.of());
    }

    /**
     * @param found schema violations of the request
     * @param inBatch whether the request was a batch
     * @return a copy carrying the violations
     */
    public Problem withViolations(List<Violation> found, boolean inBatch) {
        return new Problem(status, slug, title, detail, found, inBatch, headers);
    }

    /**
     * @param name  header name
     * @param value header value
     * @return a copy with the header added
     */
    public Problem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Problem(status, slug, title, detail, violations, batch, more);
    }

    /**
     * @param requestId the request's id, echoed in the body
     * @return the HTTP response
     */
    public Response toResponse(String requestId) {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(body(requestId));
        headers.forEach(response::header);
        return response.build();
    }

    /** @param requestId the request's id, or null when there is none @return the JSON body */
    byte[] body(String requestId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", TYPE_PREFIX + slug);
        json.put("title", title);
        json.put("status", status);
        json.put("detail", detail);
        if (requestId != null) {
            json.put("requestId", requestId);
        }
        if (!violations.isEmpty()) {
            json.put("violations", violations.stream().map(this::violationJson).toList());
        }
        try {
            return WRITER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }

    private Map<String, Object> violationJson(Violation violation) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (batch) {
            json.put("index", batchIndex(violation.pointer()));
        }
        json.put("pointer", violation.pointer());
        json.put("keyword", violation.keyword());
        json.put("message", violation.message());
        return json;
    }

    /** @return the batch item a pointer lies in, or null for the batch itself ("", e.g. an empty batch) */
    private static Integer batchIndex(String pointer) {
        if (pointer.length() < 2) {
            return null;
        }
        int end = pointer.indexOf('/', 1);
        String index = end < 0 ? pointer.substring(1) : pointer.substring(1, end);
        return index.isEmpty() ? null : Integer.valueOf(index);
    }
}
