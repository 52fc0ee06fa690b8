package eu.atmosphere.tmaf.monitor.server.auth;

import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.http.RequestIds;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;

/**
 * Requires an authenticated probe on every path except the public ones (the developer page,
 * the schema, validation, token exchange, health and metrics): deny by default. Runs before
 * resource matching, so an unauthenticated request is answered 401 before anything reads,
 * parses or even checks the media type of its body.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    /** Paths (relative, as Jersey reports them) open without credentials. */
    public static final Set<String> PUBLIC_PATHS = Set.of("", "schema", "monitor/validate", "monitor/auth",
            "health/live", "health/ready", "metrics");

    private final Authentication authentication;

    /** @param authentication checks the credentials, counts and logs refusals */
    public AuthenticationFilter(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (PUBLIC_PATHS.contains(request.getUriInfo().getPath())) {
            return;
        }
        String requestId = request.getHeaderString(RequestIds.HEADER);
        try {
            AuthenticatedProbe probe = authentication.probe(request.getHeaderString(HttpHeaders.AUTHORIZATION), requestId);
            boolean secure = request.getSecurityContext().isSecure();
            request.setSecurityContext(new ProbeSecurityContext(probe, secure));
        } catch (ProblemException e) {
            request.abortWith(e.problem().toResponse(requestId));
        }
    }

    /** The authenticated probe as the request's principal. */
    private record ProbeSecurityContext(AuthenticatedProbe probe, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return probe;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return probe.scheme().equals("Basic") ? SecurityContext.BASIC_AUTH : "Bearer";
        }
    }
}
