package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A complete HTTP answer, independent of the transport that sends it: the JAX-RS resources turn it
 * into a {@link Response} ({@link #toResponse()}), the Grizzly handler of {@code POST /monitor}
 * writes it directly. The request id header is added by whoever sends it.
 *
 * <pre>{@code
 * Answer ok = Answer.of(200, "text/plain", "0");
 * Answer refused = Problem.of(503, "unavailable", "Service unavailable", "retry later").answer(requestId);
 * }</pre>
 *
 * @param status      HTTP status
 * @param contentType the Content-Type header
 * @param body        the body bytes
 * @param headers     further headers, each name with its values in order
 */
public record Answer(int status, String contentType, byte[] body, Map<String, List<String>> headers) {

    /**
     * @param status      HTTP status
     * @param contentType the Content-Type header
     * @param body        the body, sent as UTF-8
     * @return an answer without further headers
     */
    public static Answer of(int status, String contentType, String body) {
        return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** @return the answer as a JAX-RS response */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(contentType).entity(body);
        headers.forEach((name, values) -> values.forEach(value -> response.header(name, value)));
        return response.build();
    }
}
