package eu.atmosphere.tmaf.monitor.server.auth;

import eu.atmosphere.tmaf.monitor.server.http.Problem;
import jakarta.ws.rs.core.HttpHeaders;

/** The problem+json answers to failed authentication, with their {@code WWW-Authenticate} challenges. */
public final class Challenges {

    private Challenges() {
    }

    /**
     * @param failure why authentication failed
     * @return 401 with a Bearer and a Basic challenge, or 503 with Retry-After
     */
    public static Problem problem(AuthenticationException failure) {
        if (failure.status() == 503) {
            return Problem.of(503, "unavailable", "Service unavailable", failure.getMessage())
                    .withHeader("Retry-After", "1").withMember("stored", "none");
        }
        String bearer = "Bearer realm=\"" + ProbeAuthenticator.REALM + "\""
                + (failure.invalidToken() ? ", error=\"invalid_token\", error_description=\""
                        + failure.getMessage().replace('"', '\'') + "\"" : "");
        return Problem.of(401, "unauthorized", "Unauthorized", failure.getMessage())
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, bearer)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + ProbeAuthenticator.REALM + "\", charset=\"UTF-8\"")
                .withHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
