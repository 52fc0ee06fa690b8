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
 * {@code GET /health/live}: the process serves HTTP. {@code GET /health/ready}: it can store
 * messages now (Kafka reachable, topic present, not shutting down) — 503 otherwise.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private final KafkaReadiness kafka;
    private final BooleanSupplier stopping;

    /**
     * @param kafka    Kafka's readiness
     * @param stopping whether the server is shutting down
     */
    public HealthResource(KafkaReadiness kafka, BooleanSupplier stopping) {
        this.kafka = kafka;
        this.stopping = stopping;
    }

    /** @return 200 while the process serves */
    @GET
    @Path("live")
    public Response live() {
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
        if (!kafka.ready()) {
            // Kafka's reason names the failure (unreachable, credentials refused, access denied), never a secret
            return Response.status(503).entity(JSON.createObjectNode().put("status", "DOWN").put("reason", "kafka")
                    .put("detail", kafka.problem()).toString()).build();
        }
        return Response.ok("{\"status\":\"UP\"}").build();
    }
}
