package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link ProblemException} with its problem. */
@Provider
public final class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(ProblemException exception) {
        return exception.problem().toResponse(RequestIds.of(headers));
    }
}
