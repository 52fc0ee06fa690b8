package eu.atmosphere.tmaf.monitor.server.auth;

import eu.atmosphere.tmaf.monitor.server.http.LogSafe;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the probe of a request that needs one, for any transport: a refusal is counted,
 * logged and thrown as the problem to answer (401 with challenges, or 503 while verification is
 * saturated).
 *
 * <pre>{@code
 * AuthenticatedProbe probe = authentication.probe(authorizationHeader, requestId);   // throws ProblemException
 * }</pre>
 */
public final class Authentication {

    /** The filter's logger, where refusals were always logged. */
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final ProbeAuthenticator authenticator;
    private final MonitorMetrics metrics;

    /**
     * @param authenticator checks the credentials
     * @param metrics       counts refusals
     */
    public Authentication(ProbeAuthenticator authenticator, MonitorMetrics metrics) {
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /**
     * @param authorization the Authorization header, may be null
     * @param requestId     the request's id, for the log
     * @return the authenticated probe
     * @throws ProblemException the challenge to answer, already counted and logged
     */
    public AuthenticatedProbe probe(String authorization, String requestId) {
        try {
            return authenticator.authenticate(authorization);
        } catch (AuthenticationException e) {
            metrics.rejected(e.status() == 401 ? "unauthorized" : "unavailable");
            LOG.info("requestId={} rejected status={} reason={} claimedProbeId={} detail=\"{}\"", requestId,
                    e.status(), e.status() == 401 ? "unauthorized" : "auth-busy", e.claimedProbeId(),
                    LogSafe.escape(e.getMessage()));
            throw new ProblemException(Challenges.problem(e));
        }
    }
}
