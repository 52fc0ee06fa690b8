package eu.atmosphere.tmaf.monitor.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
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
 * @param headers    extra response headers (e.g. Retry-After, WWW-Authenticate), each name with its values in order
 * @param extensions further members of the body (RFC 9457 extension members), in order; values are
 *                   strings, numbers, lists or maps of them, or null
 */
public record Problem(int status, String slug, String title, String detail, List<Violation> violations,
                      boolean batch, Map<String, List<String>> headers, Map<String, Object> extensions) {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Prefix of every problem {@code type}. */
    public static final String TYPE_PREFIX = "urn:tma-monitor:problem:";

    private static final ObjectWriter WRITER = new ObjectMapper().writer();

    /** Copies the collections. */
    public Problem {
        violations = List.copyOf(violations);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * @param status HTTP status
     * @param slug   kind, e.g. {@code invalid-message}
     * @param title  summary of the kind
     * @param detail what was wrong with this request
     * @return a problem without violations or extra headers
     */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, List.of(), false, Map.of(), Map.of());
    }

    /**
     * @param limit the body limit in bytes
     * @return 413: the body exceeds the limit (decompressed); the connection is closed after the answer
     */
    public static Problem payloadTooLarge(int limit) {
        return of(413, "payload-too-large", "Payload too large",
                "the body exceeds the limit of " + limit + " bytes (after decompression); send smaller batches")
                .withHeader("Connection", "close");
    }

    /**
     * @param found schema violations of the request
     * @param inBatch whether the request was a batch
     * @return a copy carrying the violations
     */
    public Problem withViolations(List<Violation> found, boolean inBatch) {
        return new Problem(status, slug, title, detail, found, inBatch, headers, extensions);
    }

    /**
     * @param name  header name
     * @param value header value
     * @return a copy with the header added (after any values of the same name: e.g. two challenges)
     */
    public Problem withHeader(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
        values.add(value);
        more.put(name, values);
        return new Problem(status, slug, title, detail, violations, batch, more, extensions);
    }

    /**
     * @param name  member name, e.g. {@code stored}
     * @param value its value: a string, number, list or map of them, or null
     * @return a copy with the member added to the body (replacing one of the same name)
     */
    public Problem withMember(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(status, slug, title, detail, violations, batch, headers, more);
    }

    /**
     * @param requestId the request's id, echoed in the body
     * @return the HTTP response
     */
    public Response toResponse(String requestId) {
        return answer(requestId).toResponse();
    }

    /**
     * @param requestId the request's id, echoed in the body
     * @return the answer, for any transport
     */
    public Answer answer(String requestId) {
        return new Answer(status, MEDIA_TYPE, json(requestId), headers);
    }

    /**
     * @param requestId the request's id, echoed in the body; may be null
     * @return the problem as {@code application/problem+json} bytes
     */
    public byte[] json(String requestId) {
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
        json.putAll(extensions);
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
