package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * What the server's Jersey exception mappers share: the exception becomes a {@link Problem}, answered as
 * {@code application/problem+json} with the request's id. A mapper says only which problem answers its
 * exception:
 *
 * <pre>{@code
 * @Provider
 * public final class ProblemExceptionMapper extends ProblemMapper<ProblemException> {
 *     @Override
 *     Problem problem(ProblemException exception, String requestId) {
 *         return exception.problem();
 *     }
 * }
 * }</pre>
 *
 * @param <E> the exceptions it maps
 */
abstract class ProblemMapper<E extends Throwable> implements ExceptionMapper<E> {

    @Context
    private HttpHeaders headers;

    @Override
    public final Response toResponse(E exception) {
        String requestId = RequestIds.of(headers);
        return problem(exception, requestId).toResponse(requestId);
    }

    /**
     * @param exception what ended the request
     * @param requestId the request's id, for the log
     * @return the problem that answers it
     */
    abstract Problem problem(E exception, String requestId);
}
