package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.auth.AuthenticatedProbe;
import eu.atmosphere.tmaf.monitor.server.http.Answer;
import eu.atmosphere.tmaf.monitor.server.http.RequestIds;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code POST /monitor} as JAX-RS sees it: {@link Ingest} behind Jersey's routing, filters and
 * mappers. The plain spelling {@code /monitor} is served by {@link IngestHandler} before Jersey;
 * this resource answers the spellings Jersey routes to the same place ({@code /monitor/},
 * percent-encoded or with path parameters), and gives {@code /monitor} its 405 and OPTIONS
 * answers for other methods. Authentication happened before, in the
 * {@link eu.atmosphere.tmaf.monitor.server.auth.AuthenticationFilter}.
 */
@Path("/monitor")
public final class IngestResource {

    private final Ingest ingest;

    /** @param ingest what to do with a message */
    public IngestResource(Ingest ingest) {
        this.ingest = ingest;
    }

    /**
     * @param body     the request body
     * @param headers  the request headers
     * @param security the authenticated probe, if any
     * @param response completed once Kafka acknowledged, or with a problem
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public void ingest(InputStream body, @Context HttpHeaders headers, @Context SecurityContext security,
                       @Suspended AsyncResponse response) {
        AuthenticatedProbe probe = security != null && security.getUserPrincipal() instanceof AuthenticatedProbe p
                ? p : null;
        ingest.handle(new Ingest.Request(body, RequestIds.of(headers), BodyHeaders.of(headers),
                headers.getHeaderString(HttpHeaders.ACCEPT), headers.getHeaderString(HttpHeaders.USER_AGENT)),
                probe, new Suspension(response));
    }

    /** The suspended JAX-RS response as the exchange. */
    private record Suspension(AsyncResponse response) implements IngestExchange {
        @Override
        public void answer(Answer answer) {
            response.resume(answer.toResponse());
        }

        @Override
        public void awaitKafka(long timeoutMillis, Supplier<Answer> late) {
            response.setTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
            response.setTimeoutHandler(timedOut -> timedOut.resume(late.get().toResponse()));
        }
    }
}
