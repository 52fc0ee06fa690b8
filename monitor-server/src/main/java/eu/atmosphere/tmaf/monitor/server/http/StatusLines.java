package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.Response.Status;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * The status line of every answer the {@link Pipeline} writes itself, with the reason phrase Jersey's
 * routes send for the same code, encoded once. Set on the response packet, a status carries no
 * custom reason phrase, so Grizzly writes its prepared bytes instead of copying and HTML-filtering a
 * reason string for every answer (a char buffer per answer).
 *
 * <pre>{@code
 * response.getResponse().setStatus(StatusLines.of(413));   // "413 Request Entity Too Large", as Jersey spells it
 * }</pre>
 */
final class StatusLines {

    private static final HttpStatus[] BY_CODE = new HttpStatus[600];

    static {
        for (Status status : Status.values()) {
            BY_CODE[status.getStatusCode()] = HttpStatus.newHttpStatus(status.getStatusCode(), status.getReasonPhrase());
        }
    }

    private StatusLines() {
    }

    /**
     * @param code an HTTP status code
     * @return its status line: Jersey's reason phrase where Jersey names the code, Grizzly's otherwise
     */
    static HttpStatus of(int code) {
        HttpStatus known = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return known != null ? known : HttpStatus.getHttpStatus(code);
    }
}
