package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id, logged with anything about it and returned in the
 * {@value #HEADER} response header and in problem bodies. A well-formed id sent by the client
 * (letters, digits, dashes, at most 64) is kept, so calls can be traced end to end; anything
 * else is replaced, so ids are always safe to log.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {

    /** The header carrying the id. */
    public static final String HEADER = "X-Request-Id";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * @param headers a request's headers (after this filter ran)
     * @return the request's id
     */
    public static String of(HttpHeaders headers) {
        return headers.getHeaderString(HEADER);
    }

    /**
     * @param given the id a client sent, may be null
     * @return the given id if well-formed, else a new random one
     */
    public static String keepOrCreate(String given) {
        return given != null && WELL_FORMED.matcher(given).matches() ? given
                : Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = keepOrCreate(given);
        if (!id.equals(given)) {
            request.getHeaders().putSingle(HEADER, id);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, request.getHeaderString(HEADER));
    }
}
