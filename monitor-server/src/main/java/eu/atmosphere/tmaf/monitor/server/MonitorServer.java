package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.server.http.IgnoreProtocolUpgrades;
import eu.atmosphere.tmaf.monitor.server.ingest.IngestResource;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaReadiness;
import eu.atmosphere.tmaf.monitor.server.ops.HealthResource;
import eu.atmosphere.tmaf.monitor.server.ops.MetricsResource;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import eu.atmosphere.tmaf.monitor.server.ops.RequestMetricsFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * A running TMA Monitor: HTTP endpoint, validator and Kafka producer. Closing it shuts down
 * gracefully: not ready, no new connections, in-flight requests finished, producer flushed.
 *
 * <pre>{@code
 * try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
 *         .kafkaBootstrapServers("127.0.0.1:9092").build())) {
 *     URI base = server.baseUri();   // e.g. http://127.0.0.1:41234/ ; POST base + "monitor"
 * }
 * }</pre>
 */
public final class MonitorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorServer.class);
    private static final Duration GRACE = Duration.ofSeconds(15);

    static {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private final HttpServer http;
    private final KafkaPublisher publisher;
    private final KafkaReadiness readiness;
    private final ExecutorService responses;
    private final AtomicBoolean stopping;
    private final URI baseUri;

    private MonitorServer(HttpServer http, KafkaPublisher publisher, KafkaReadiness readiness,
                          ExecutorService responses, AtomicBoolean stopping, String host) {
        this.http = http;
        this.publisher = publisher;
        this.readiness = readiness;
        this.responses = responses;
        this.stopping = stopping;
        this.baseUri = URI.create("http://" + host + ":" + port() + "/");
    }

    /**
     * Starts a server.
     *
     * @param config what to serve and where to publish
     * @return the running server
     * @throws IllegalStateException if anonymous publishing would be exposed on a public interface
     * @throws UncheckedIOException  if the port cannot be bound
     */
    public static MonitorServer start(ServerConfig config) {
        guardAnonymous(config);
        MonitorMetrics metrics = new MonitorMetrics();
        KafkaPublisher publisher = new KafkaPublisher(config);
        KafkaReadiness readiness = new KafkaReadiness(config.kafkaBootstrapServers(), config.topic(),
                Duration.ofSeconds(2));
        ExecutorService responses = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("response-writer"));
        AtomicBoolean stopping = new AtomicBoolean();
        MonitorApplication app = new MonitorApplication(
                new IngestResource(config, MessageValidator.create(), publisher, readiness, metrics, responses),
                new HealthResource(readiness, stopping::get),
                new MetricsResource(metrics),
                new RequestMetricsFilter(metrics));
        URI bind = URI.create("http://" + hostLiteral(config.bindAddress()) + ":" + config.port() + "/");
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(bind, app, false);
        http.getListeners().forEach(listener -> listener.registerAddOn(new IgnoreProtocolUpgrades()));
        try {
            http.start();
        } catch (IOException e) {
            readiness.close();
            publisher.close();
            responses.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port(), e);
        }
        MonitorServer server = new MonitorServer(http, publisher, readiness, responses, stopping,
                hostLiteral(config.bindAddress()));
        LOG.info("TMA Monitor listening on {} (POST {}monitor), publishing to topic {} at {}", server.baseUri,
                server.baseUri, config.topic(), config.kafkaBootstrapServers());
        return server;
    }

    /** @return the port actually bound */
    public int port() {
        NetworkListener listener = http.getListeners().iterator().next();
        return listener.getPort();
    }

    /** @return the server's base URI, ending with a slash */
    public URI baseUri() {
        return baseUri;
    }

    /** Stops gracefully; see the class description. */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        LOG.info("TMA Monitor stopping: finishing in-flight requests (up to {} s)", GRACE.toSeconds());
        try {
            http.shutdown(GRACE.toSeconds(), TimeUnit.SECONDS).get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("graceful HTTP shutdown incomplete: {}", e.toString());
            http.shutdownNow();
        }
        publisher.close();
        readiness.close();
        responses.shutdown();
        LOG.info("TMA Monitor stopped");
    }

    private static void guardAnonymous(ServerConfig config) {
        if (isLoopback(config.bindAddress())) {
            LOG.warn("ANONYMOUS MODE: any local process may publish without credentials (bound to loopback {})",
                    config.bindAddress());
            return;
        }
        if (!config.anonymousOnPublicInterface()) {
            throw new IllegalStateException("refusing to accept unauthenticated messages on " + config.bindAddress()
                    + ": bind to 127.0.0.1, or allow anonymous publishing explicitly");
        }
        LOG.warn("ANONYMOUS MODE ON A PUBLIC INTERFACE ({}): anyone who can reach this port may publish",
                config.bindAddress());
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostLiteral(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
