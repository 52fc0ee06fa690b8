package eu.atmosphere.tmaf.monitor.server.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The server's Prometheus metrics, in a registry of its own (so several servers in one JVM,
 * as in tests, do not collide). Exposed at {@code GET /metrics}.
 */
public final class MonitorMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder()
            .name("tma_monitor_http_requests").help("HTTP requests answered, by route and status")
            .labelNames("route", "status").register(registry);
    private final Counter accepted = Counter.builder()
            .name("tma_monitor_messages_accepted").help("Messages acknowledged by Kafka and answered 200")
            .register(registry);
    private final Counter rejected = Counter.builder()
            .name("tma_monitor_requests_rejected").help("Requests refused (answered with an error or their connection closed), by reason")
            .labelNames("reason").register(registry);
    private final Histogram kafkaLatency = Histogram.builder()
            .name("tma_monitor_kafka_send_duration").unit(Unit.SECONDS)
            .help("Time from handing a request's records to the producer until Kafka acknowledged all of them")
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    private final Gauge inFlight = Gauge.builder()
            .name("tma_monitor_inflight_requests").help("Publishing requests awaiting Kafka's acknowledgement")
            .register(registry);

    /** Creates the metrics, JVM metrics included. */
    public MonitorMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /** @return the registry to expose */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** @param route the route template @param status the HTTP status answered */
    public void request(String route, int status) {
        requests.labelValues(route, Integer.toString(status)).inc();
    }

    /** @param count messages stored */
    public void accepted(int count) {
        accepted.inc(count);
    }

    /** @param reason problem slug of a refused publishing request */
    public void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    /** @param seconds how long Kafka took to acknowledge a request's records */
    public void kafkaSend(double seconds) {
        kafkaLatency.observe(seconds);
    }

    /** A request now awaits Kafka. */
    public void inFlightStarted() {
        inFlight.inc();
    }

    /** A request no longer awaits Kafka. */
    public void inFlightEnded() {
        inFlight.dec();
    }
}
