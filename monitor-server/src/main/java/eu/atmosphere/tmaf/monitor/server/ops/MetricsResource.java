package eu.atmosphere.tmaf.monitor.server.ops;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** {@code GET /metrics}: the Prometheus text exposition of {@link MonitorMetrics}. */
@Path("/metrics")
public final class MetricsResource {

    private final MonitorMetrics metrics;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** @param metrics what to expose */
    public MetricsResource(MonitorMetrics metrics) {
        this.metrics = metrics;
    }

    /** @return the current values */
    @GET
    public Response scrape() {
        StreamingOutput body = out -> writer.write(out, metrics.registry().scrape());
        return Response.ok(body, writer.getContentType()).build();
    }
}
