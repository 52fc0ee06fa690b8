package eu.atmosphere.tmaf.monitor.server.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaReadiness;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health/live}: the process can make progress ({@link Liveness}): 503 means restart it. {@code GET /health/ready}: it can store
 * messages now (Kafka reachable, topic present, not shutting down) — 503 otherwise.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private final KafkaReadiness kafka;
    private final BooleanSupplier stopping;
    private final Liveness liveness;

    /**
     * @param kafka    Kafka's readiness
     * @param stopping whether the server is shutting down
     * @param liveness whether the server can still make progress
     */
    public HealthResource(KafkaReadiness kafka, BooleanSupplier stopping, Liveness liveness) {
        this.kafka = kafka;
        this.stopping = stopping;
        this.liveness = liveness;
    }

    /** @return 200 while the server can make progress, else 503 with what stopped (restart it) */
    @GET
    @Path("live")
    public Response live() {
        String problem = liveness.problem();
        if (problem != null) {
            return down(problem);
        }
        return Response.ok("{\"status\":\"UP\"}").build();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return 200 when messages can be stored now, else 503 with the reason */
    @GET
    @Path("ready")
    public Response ready() {
        if (stopping.getAsBoolean()) {
            return Response.status(503).entity("{\"status\":\"DOWN\",\"reason\":\"shutting down\"}").build();
        }
        String problem = liveness.problem();
        if (problem != null) {
            return down(problem);
        }
        if (!kafka.ready()) {
            // Kafka's reason names the failure (unreachable, credentials refused, access denied), never a secret
            return Response.status(503).entity(JSON.createObjectNode().put("status", "DOWN").put("reason", "kafka")
                    .put("detail", kafka.problem()).toString()).build();
        }
        return Response.ok("{\"status\":\"UP\"}").build();
    }

    private static Response down(String reason) {
        return Response.status(503).entity("{\"status\":\"DOWN\",\"reason\":\"" + reason + "\"}").build();
    }
}
