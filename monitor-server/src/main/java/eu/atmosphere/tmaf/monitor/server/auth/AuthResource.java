package eu.atmosphere.tmaf.monitor.server.auth;

import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.http.RequestIds;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /monitor/auth}: exchanges HTTP Basic probe id + secret for a short-lived bearer
 * token, {@code {"token":"...","tokenType":"Bearer","expiresIn":900}}. The body is ignored.
 * Without authentication (anonymous mode) it answers 404, which clients take as "send without
 * credentials".
 */
@Path("/monitor/auth")
public final class AuthResource {

    private static final Logger LOG = LoggerFactory.getLogger(AuthResource.class);

    private final ProbeAuthenticator authenticator;
    private final Authentication authentication;

    /**
     * @param authenticator the probes' credentials and tokens; {@code null} in anonymous mode
     * @param metrics       counts refusals
     */
    public AuthResource(ProbeAuthenticator authenticator, MonitorMetrics metrics) {
        this.authenticator = authenticator;
        this.authentication = authenticator == null ? null : new Authentication(authenticator, metrics);
    }

    /**
     * @param headers the request headers
     * @return the token; 404 in anonymous mode
     * @throws ProblemException 401 or 503, counted and logged by {@link Authentication}
     */
    @POST
    public Response token(@Context HttpHeaders headers) {
        String requestId = RequestIds.of(headers);
        if (authenticator == null) {
            return Problem.of(404, "authentication-disabled", "Authentication disabled",
                    "this monitor runs in anonymous mode: send messages to /monitor without credentials")
                    .toResponse(requestId);
        }
        AuthenticatedProbe probe = authentication.authenticateBasic(requestId,
                headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        String token = authenticator.issueToken(probe);
        LOG.info("requestId={} token issued to probe {} (key {}, valid {} s)", requestId, probe.probeId(),
                authenticator.tokens().signingKeyId(), authenticator.tokens().ttl().toSeconds());
        return Response.ok("{\"token\":\"" + token + "\",\"tokenType\":\"Bearer\",\"expiresIn\":"
                        + authenticator.tokens().ttl().toSeconds() + "}", MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
