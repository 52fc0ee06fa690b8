package eu.atmosphere.tmaf.monitor.server.ops;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.Set;

/** Counts every response by route and status (unknown paths count as {@code other}). */
public final class RequestMetricsFilter implements ContainerResponseFilter {

    private static final Set<String> ROUTES = Set.of("", "schema", "monitor", "monitor/auth", "monitor/validate",
            "health/live", "health/ready", "metrics");

    private final MonitorMetrics metrics;

    /** @param metrics where to count */
    public RequestMetricsFilter(MonitorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        String route = ROUTES.contains(path) ? "/" + path : "other";
        metrics.request(route, response.getStatus());
    }
}
