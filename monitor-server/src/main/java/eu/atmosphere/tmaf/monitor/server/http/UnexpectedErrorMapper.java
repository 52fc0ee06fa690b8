package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.ext.Provider;
import eu.atmosphere.tmaf.monitor.server.ops.Liveness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort: a fault of the server itself. Logged in full with the request id, answered
 * 500 with that id and no internals.
 */
@Provider
public final class UnexpectedErrorMapper extends ProblemMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

    @Override
    Problem problem(Throwable exception, String requestId) {
        return fault(exception, requestId);
    }

    /**
     * Records and logs a fault of the server (in full, with the request id).
     *
     * @param exception what was thrown while answering a request
     * @param requestId the request's id
     * @return the 500 problem that answers it, without internals
     */
    public static Problem fault(Throwable exception, String requestId) {
        Liveness.recordFatal(exception);
        LOG.error("requestId={} unexpected server fault", requestId, exception);
        return Problem.of(500, "internal-error", "Internal server error",
                "the server failed unexpectedly; quote requestId " + requestId + " to its operators");
    }
}
