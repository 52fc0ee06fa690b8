package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.Request;

/**
 * A request's head as the server reads it, once, before any route sees the request
 * ({@link RequestRules}): every later step (authentication, the body reader, the ingest, the
 * Jersey resources, metrics) reads these values instead of parsing headers again. Several
 * values of one header are joined with commas.
 *
 * <pre>{@code
 * RequestHead head = RequestHead.of(request);          // set by the gate for every admitted request
 * if (head.route() == Route.INGEST && head.accept().json()) { ... }
 * Problem wrongType = head.jsonBodyProblem();           // null when the body is application/json
 * }</pre>
 *
 * @param requestId       the request's id: the client's well-formed {@value RequestIds#HEADER}, or a new one
 * @param method          the method, e.g. {@code POST}
 * @param route           what the path names
 * @param contentType     the parsed Content-Type, or null if absent
 * @param contentEncoding the Content-Encoding, or null if absent
 * @param contentLength   the Content-Length, or -1 if absent (a chunked body, or none)
 * @param chunked         whether the body is chunked
 * @param accept          what the Accept header names
 * @param authorization   the Authorization header, or null
 * @param userAgent       the User-Agent header, or null
 */
public record RequestHead(String requestId, String method, Route route, MediaType contentType, String contentEncoding,
                          long contentLength, boolean chunked, AcceptHeader.Wanted accept, String authorization,
                          String userAgent) {

    /** The request attribute (and Jersey request property) holding a request's head. */
    public static final String ATTRIBUTE = RequestHead.class.getName();

    /**
     * @param request a request the gate admitted
     * @return its head
     * @throws IllegalStateException if the gate did not read it (a wiring fault)
     */
    public static RequestHead of(Request request) {
        return of(request.getRequest());
    }

    /**
     * @param request a request packet the gate admitted
     * @return its head
     * @throws IllegalStateException if the gate did not read it (a wiring fault)
     */
    public static RequestHead of(HttpRequestPacket request) {
        Object head = request.getAttribute(ATTRIBUTE);
        if (head == null) {
            throw new IllegalStateException("request without a head: the gate did not admit it");
        }
        return (RequestHead) head;
    }

    /** @return whether a body follows the head (a Content-Length above 0, or chunked) */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /**
     * The media type of a message body, as the contract says: {@code application/json}, with at most a
     * UTF-8 charset.
     *
     * @return a 415 problem that says what to send, or null if the media type is right
     */
    public Problem jsonBodyProblem() {
        if (contentType == null) {
            return unsupportedMediaType("no Content-Type was sent");
        }
        if (!contentType.getType().equalsIgnoreCase("application") || !contentType.getSubtype().equalsIgnoreCase("json")) {
            return unsupportedMediaType("the Content-Type was " + contentType.getType() + "/" + contentType.getSubtype());
        }
        for (Map.Entry<String, String> parameter : contentType.getParameters().entrySet()) {
            if (!parameter.getKey().equalsIgnoreCase("charset") || !parameter.getValue().equalsIgnoreCase("utf-8")) {
                return unsupportedMediaType("the Content-Type had the parameter " + parameter.getKey() + "="
                        + parameter.getValue());
            }
        }
        return null;
    }

    /**
     * @param what what was wrong with the Content-Type
     * @return the 415 problem saying what to send instead
     */
    static Problem unsupportedMediaType(String what) {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type", what
                + "; send Content-Type: application/json (optionally with ; charset=utf-8) and a JSON body");
    }
}
