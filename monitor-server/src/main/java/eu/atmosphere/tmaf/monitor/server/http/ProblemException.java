package eu.atmosphere.tmaf.monitor.server.http;

/**
 * Ends a request with a {@link Problem}; thrown anywhere on the request path, answered by
 * {@link ProblemExceptionMapper}.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    /** @param problem what to answer */
    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    /** @return what to answer */
    public Problem problem() {
        return problem;
    }
}
