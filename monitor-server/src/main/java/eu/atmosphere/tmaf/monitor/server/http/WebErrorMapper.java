package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Turns the errors Jersey raises itself (404, 405, 406, 415, unreadable headers, ...) into
 * problem+json, so every error response has the same shape.
 */
@Provider
public final class WebErrorMapper extends ProblemMapper<WebApplicationException> {

    @Override
    Problem problem(WebApplicationException exception, String requestId) {
        Response original = exception.getResponse();
        Problem problem = problem(original.getStatusInfo());
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        return allow == null ? problem : problem.withHeader(HttpHeaders.ALLOW, allow);
    }

    /**
     * The problem of an error Jersey itself raises, for a path that answers without Jersey but must
     * answer like it.
     *
     * @param status the error status, e.g. {@code Response.Status.UNSUPPORTED_MEDIA_TYPE}
     * @return its problem, titled with the status' reason phrase
     */
    public static Problem problem(Response.StatusType status) {
        String title = status.getReasonPhrase();
        return Problem.of(status.getStatusCode(), slug(title), title, detail(status.getStatusCode()));
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "no such resource; messages are posted to /monitor";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type";
            case 415 -> "send Content-Type: application/json (optionally with ; charset=utf-8) and a JSON body";
            default -> "the request could not be processed";
        };
    }
}
