package eu.atmosphere.tmaf.monitor.server.auth;

import eu.atmosphere.tmaf.monitor.server.http.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The problem+json answers to failed authentication, with their {@code WWW-Authenticate} challenges. */
public final class Challenges {

    private Challenges() {
    }

    /**
     * @param failure   why authentication failed
     * @param requestId the request's id
     * @return 401 with a Bearer and a Basic challenge, or 503 with Retry-After
     */
    public static Response response(AuthenticationException failure, String requestId) {
        if (failure.status() == 503) {
            return Problem.of(503, "unavailable", "Service unavailable", failure.getMessage())
                    .withHeader("Retry-After", "1").toResponse(requestId);
        }
        String bearer = "Bearer realm=\"" + ProbeAuthenticator.REALM + "\""
                + (failure.invalidToken() ? ", error=\"invalid_token\", error_description=\""
                        + failure.getMessage().replace('"', '\'') + "\"" : "");
        Response problem = Problem.of(401, "unauthorized", "Unauthorized", failure.getMessage())
                .toResponse(requestId);
        return Response.fromResponse(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, bearer)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + ProbeAuthenticator.REALM + "\", charset=\"UTF-8\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
