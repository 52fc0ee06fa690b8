package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.text.ParseException;
import org.glassfish.jersey.message.internal.HttpHeaderReader;

/**
 * Whether a client asked for a JSON answer, read from its Accept header with Jersey's own parser,
 * so both transports of {@code POST /monitor} agree with JAX-RS' {@code getAcceptableMediaTypes()}
 * (q-values, parameters, wildcards): JSON is wanted when a media range names {@code application/json}
 * (or a {@code +json} type compatible with it) exactly, not through a wildcard.
 *
 * <pre>{@code
 * AcceptHeader.namesJson("application/json;q=0.5, text/plain")   // true
 * AcceptHeader.namesJson("*" + "/*")                             // false
 * }</pre>
 */
public final class AcceptHeader {

    private AcceptHeader() {
    }

    /**
     * @param accept the Accept header (several joined with commas)
     * @return whether Jersey can read it (media ranges, parameters, q-values between 0 and 1; empty means any)
     */
    public static boolean readable(String accept) {
        if (accept.isEmpty()) {
            return true;
        }
        try {
            HttpHeaderReader.readAcceptMediaType(accept);
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    /**
     * @param accept the Accept header (several joined with commas), may be null; {@link RequestRules} refuses
     *               an unreadable one before any route sees it
     * @return whether a media range of it names JSON without wildcards
     * @throws ProblemException 400 should an unreadable Accept header ever get this far
     */
    public static boolean namesJson(String accept) {
        if (accept == null || accept.isEmpty()) {
            return false;
        }
        try {
            return HttpHeaderReader.readAcceptMediaType(accept).stream()
                    .anyMatch(type -> !type.isWildcardType() && !type.isWildcardSubtype()
                            && type.isCompatible(MediaType.APPLICATION_JSON_TYPE));
        } catch (ParseException e) {
            throw new ProblemException(WebErrorMapper.problem(Response.Status.BAD_REQUEST));
        }
    }
}
