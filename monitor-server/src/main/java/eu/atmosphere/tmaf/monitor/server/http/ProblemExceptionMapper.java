package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.ext.Provider;

/** Answers a {@link ProblemException} with its problem. */
@Provider
public final class ProblemExceptionMapper extends ProblemMapper<ProblemException> {

    @Override
    Problem problem(ProblemException exception, String requestId) {
        return exception.problem();
    }
}
