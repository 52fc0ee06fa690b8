package eu.atmosphere.tmaf.monitor.server.auth;

import eu.atmosphere.tmaf.monitor.server.http.LogSafe;
import eu.atmosphere.tmaf.monitor.server.http.Pipeline;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.http.RequestHead;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the probe of a request on a route that needs one, for the request pipeline: a
 * refusal is counted, logged and thrown as the problem to answer (401 with challenges, or 503
 * while verification is saturated).
 *
 * <pre>{@code
 * Pipeline.Authenticator probes = new Authentication(authenticator, metrics);
 * AuthenticatedProbe probe = (AuthenticatedProbe) probes.authenticate(head);   // throws ProblemException
 * }</pre>
 */
public final class Authentication implements Pipeline.Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);

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
     * @param head the request's head: its Authorization header (Basic or Bearer), and its id for the log
     * @return the authenticated probe
     * @throws ProblemException the challenge to answer, already counted and logged
     */
    @Override
    public AuthenticatedProbe authenticate(RequestHead head) {
        return checked(head.requestId(), () -> authenticator.authenticate(head.authorization()));
    }

    /**
     * @param requestId     the request's id, for the log
     * @param authorization its Authorization header, which must be HTTP Basic (the token exchange)
     * @return the authenticated probe
     * @throws ProblemException the challenge to answer, already counted and logged
     */
    public AuthenticatedProbe authenticateBasic(String requestId, String authorization) {
        return checked(requestId, () -> authenticator.authenticateBasic(authorization));
    }

    private interface Check {
        AuthenticatedProbe run() throws AuthenticationException;
    }

    private AuthenticatedProbe checked(String requestId, Check check) {
        try {
            return check.run();
        } catch (AuthenticationException e) {
            metrics.rejected(e.status() == 401 ? "unauthorized" : "unavailable");
            LOG.info("requestId={} rejected status={} reason={} claimedProbeId={} detail=\"{}\"", requestId,
                    e.status(), e.status() == 401 ? "unauthorized" : "auth-busy", e.claimedProbeId(),
                    LogSafe.escape(e.getMessage()));
            throw new ProblemException(Challenges.problem(e));
        }
    }
}
