package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.server.auth.AuthResource;
import eu.atmosphere.tmaf.monitor.server.auth.Authentication;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeAuthenticator;
import eu.atmosphere.tmaf.monitor.server.auth.TokenService;
import eu.atmosphere.tmaf.monitor.server.http.HttpGate;
import eu.atmosphere.tmaf.monitor.server.http.IgnoreProtocolUpgrades;
import eu.atmosphere.tmaf.monitor.server.http.InFlightBudget;
import eu.atmosphere.tmaf.monitor.server.http.Pipeline;
import eu.atmosphere.tmaf.monitor.server.http.RequestDeadlines;
import eu.atmosphere.tmaf.monitor.server.http.WrongScheme;
import eu.atmosphere.tmaf.monitor.server.ingest.Ingest;
import eu.atmosphere.tmaf.monitor.server.ingest.ValidateResource;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaReadiness;
import eu.atmosphere.tmaf.monitor.server.ops.HealthResource;
import eu.atmosphere.tmaf.monitor.server.ops.Liveness;
import eu.atmosphere.tmaf.monitor.server.ops.MetricsResource;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import eu.atmosphere.tmaf.monitor.server.page.PageResource;
import eu.atmosphere.tmaf.monitor.server.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.GrizzlyExecutorService;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running TMA Monitor: HTTP(S) endpoint, probe authentication, validator and Kafka producer.
 * Closing it shuts down gracefully: not ready, no new connections, in-flight requests finished,
 * producer flushed.
 *
 * <p>Security: with a credentials file every message needs a probe's credentials (HTTP Basic
 * or a token from {@code POST /monitor/auth}); without one the server runs in anonymous mode,
 * which it refuses on a non-loopback address unless explicitly allowed. With TLS material it
 * serves HTTPS only (TLS 1.2/1.3); without, plain HTTP, logged loudly off loopback.
 *
 * <pre>{@code
 * try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
 *         .kafkaBootstrapServers("127.0.0.1:9092")
 *         .credentialsFile(Path.of("probes.credentials"))
 *         .tlsPem(Path.of("server.crt.pem"), Path.of("server.key.pem")).build())) {
 *     URI base = server.baseUri();   // e.g. https://127.0.0.1:41234/ ; POST base + "monitor"
 * }
 * }</pre>
 */
public final class MonitorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorServer.class);
    /** Longest time {@link #close()} waits for in-flight requests before it cuts them off. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Answers that may wait unsent on one connection (a client pipelining requests without reading
     * the answers) before it is closed instead of being answered again: a few of the largest answers
     * (the metrics, a problem with 100 violations), beyond what the kernel's socket buffers hold.
     */
    public static final int MAX_UNSENT_BYTES_PER_CONNECTION = 64 * 1024;
    /**
     * Grizzly makes a worker thread wait while more than this is queued for a connection; far above
     * {@link #MAX_UNSENT_BYTES_PER_CONNECTION} plus the largest answer, so a client that does not read
     * never holds a worker (its connection is closed at the next request instead).
     */
    private static final int WRITE_QUEUE_BYTES_PER_CONNECTION = 1024 * 1024;

    private final HttpServer http;
    private final KafkaReadiness readiness;
    private final AtomicBoolean stopping;
    private final URI baseUri;
    private final List<AutoCloseable> closeables;

    private MonitorServer(HttpServer http, KafkaReadiness readiness, AtomicBoolean stopping, String scheme,
                          String host, List<AutoCloseable> closeables) {
        this.readiness = readiness;
        this.http = http;
        this.stopping = stopping;
        this.baseUri = URI.create(scheme + "://" + host + ":" + port() + "/");
        this.closeables = closeables;
    }

    /**
     * Starts a server.
     *
     * @param config what to serve and where to publish
     * @return the running server
     * @throws IllegalStateException if anonymous publishing would be exposed on a public interface, or
     *                               the credentials, token key or TLS files are unusable (or readable by everyone)
     * @throws UncheckedIOException  if the port cannot be bound
     */
    public static MonitorServer start(ServerConfig config) {
        Liveness.watchUncaughtErrors();
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            return start(config, closeables);
        } catch (RuntimeException | Error e) {
            // whatever failed, nothing started so far may outlive the failed start (threads, Kafka clients, files)
            closeAll(closeables);
            throw e;
        }
    }

    private static MonitorServer start(ServerConfig config, List<AutoCloseable> closeables) {
        ProbeAuthenticator authenticator = config.authentication() ? startAuthentication(config) : null;
        if (authenticator == null) {
            guardAnonymous(config);
        } else {
            closeables.add(authenticator);
        }
        ServerTls tls = config.tls() ? startTls(config) : null;
        if (tls == null) {
            guardPlainHttp(config);
        } else {
            closeables.add(tls);
        }
        MonitorMetrics metrics = new MonitorMetrics();
        KafkaPublisher publisher = new KafkaPublisher(config.publisher());
        closeables.add(0, publisher);
        KafkaReadiness readiness = new KafkaReadiness(config.kafkaBootstrapServers(), config.topic(),
                config.kafkaSettings(), Duration.ofSeconds(2));
        closeables.add(1, readiness);
        AtomicBoolean stopping = new AtomicBoolean();
        RequestDeadlines deadlines = new RequestDeadlines(config.requestHeaderTimeout(), metrics::rejected);
        closeables.add(deadlines);
        Liveness liveness = new Liveness().require("kafka-producer", publisher::alive)
                .require("kafka-readiness-check", readiness::alive).require("request-deadlines", deadlines::alive);
        MessageValidator validator = MessageValidator.create(config.acceptanceProfile());
        Ingest ingest = new Ingest(config.ingest(), validator, publisher, readiness, metrics);
        Authentication authentication = authenticator == null ? null : new Authentication(authenticator, metrics);
        MonitorApplication app = new MonitorApplication(
                new ValidateResource(config.ingest(), validator),
                new AuthResource(authenticator, metrics),
                new PageResource(config.page()),
                new HealthResource(readiness, stopping::get, liveness),
                new MetricsResource(metrics));
        String scheme = tls == null ? "http" : "https";
        URI bind = URI.create(scheme + "://" + hostLiteral(config.bindAddress()) + ":" + config.port() + "/");
        HttpServer http = tls == null
                ? GrizzlyHttpServerFactory.createHttpServer(bind, app, false)
                : GrizzlyHttpServerFactory.createHttpServer(bind, app, true, tls.engineConfigurator(), false);
        ExecutorService workers = GrizzlyExecutorService.createInstance(ThreadPoolConfig.defaultConfig()
                .setPoolName("monitor-worker").setCorePoolSize(config.workerThreads())
                .setMaxPoolSize(config.workerThreads()));
        closeables.add(workers::shutdown);
        ExecutorService health = Executors.newSingleThreadExecutor(daemon("monitor-health"));
        closeables.add(health::shutdown);
        servePipeline(http, new Pipeline(new Pipeline.Routes(ingest, jerseyHandler(http), workers, health),
                authentication, config.pipeline(), new InFlightBudget(config.maxInFlightBytes()), metrics::request));
        HttpGate gate = new HttpGate(config.openRouteConcurrency(), MAX_UNSENT_BYTES_PER_CONNECTION,
                config.retryAfter(), stopping::get, metrics::rejected);
        configureConnections(http, config, deadlines, gate, workers);
        try {
            http.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port(), e);
        } finally {
            if (!http.isStarted()) {
                http.shutdownNow();
            }
        }
        MonitorServer server = new MonitorServer(http, readiness, stopping, scheme,
                hostLiteral(config.bindAddress()), closeables);
        LOG.info("TMA Monitor listening on {} (POST {}monitor), publishing to topic {} at {}", server.baseUri,
                server.baseUri, config.topic(), config.kafkaBootstrapServers());
        if (!config.kafkaSettings().isEmpty()) {
            LOG.info("Kafka client settings: {}", config.kafkaSettings());
        }
        return server;
    }

    /** @return the handler Jersey's factory registered, its only one */
    private static HttpHandler jerseyHandler(HttpServer http) {
        Map<HttpHandler, HttpHandlerRegistration[]> handlers = http.getServerConfiguration().getHttpHandlersWithMapping();
        if (handlers.size() != 1) {
            throw new IllegalStateException("expected Jersey's handler alone, found " + handlers.keySet());
        }
        return handlers.keySet().iterator().next();
    }

    /** Puts the pipeline in place of Jersey's handler, under the same mapping: every request passes it. */
    private static void servePipeline(HttpServer http, Pipeline pipeline) {
        ServerConfiguration configuration = http.getServerConfiguration();
        HttpHandler jersey = jerseyHandler(http);
        HttpHandlerRegistration[] mapping = configuration.getHttpHandlersWithMapping().get(jersey);
        configuration.removeHttpHandler(jersey);
        configuration.addHttpHandler(pipeline, mapping);
    }

    /**
     * Every connection limit explicit, none left to Grizzly's defaults: keep-alive idle timeout and
     * requests per connection, deadlines for a request's headers and body ({@link RequestDeadlines}),
     * header size, the body size Grizzly buffers or drains, blocking read/write timeouts, thread pools.
     */
    private static void configureConnections(HttpServer http, ServerConfig config, RequestDeadlines deadlines,
                                             HttpGate gate, ExecutorService workers) {
        // a body left unread (answered 401 or 413 before reading it) is drained up to 4x the body limit, so the
        // client gets to read the answer instead of a reset; beyond that (or past the body deadline) it is closed
        http.getServerConfiguration().setMaxPayloadRemainderToSkip(4L * config.maxBodyBytes());
        for (NetworkListener listener : http.getListeners()) {
            listener.getKeepAlive().setIdleTimeoutInSeconds((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toSeconds()));
            listener.getKeepAlive().setMaxRequestsCount(config.maxRequestsPerConnection());
            listener.setMaxHttpHeaderSize(config.maxHeaderBytes());
            listener.setMaxFormPostSize(config.maxBodyBytes());
            listener.setMaxBufferedPostSize(config.maxBodyBytes());
            // no transaction timeout: it interrupts worker threads mid-request; a worker never waits for a client
            // (bodies are received before a worker gets the request) nor for Kafka
            listener.setTransactionTimeout(-1);
            TCPNIOTransport transport = listener.getTransport();
            // bytes are read and parsed on the selector threads; only complete requests go to a worker
            transport.setIOStrategy(SameThreadIOStrategy.getInstance());
            transport.setSelectorRunnersCount(config.selectorThreads());
            transport.setWorkerThreadPool(workers);
            transport.setReadTimeout(config.requestBodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            transport.setWriteTimeout(config.requestBodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            transport.getAsyncQueueIO().getWriter().setMaxPendingBytesPerConnection(WRITE_QUEUE_BYTES_PER_CONNECTION);
            listener.registerAddOn(new IgnoreProtocolUpgrades());
            listener.registerAddOn(new WrongScheme());
            listener.registerAddOn(deadlines);
            listener.registerAddOn(gate);
        }
        // last resort only (HttpGate and the exception mappers answer every request with problem+json): never a
        // stack trace or server version to the client
        http.getServerConfiguration().setDefaultErrorPageGenerator(
                (request, status, reason, description, exception) -> reason);
    }

    /** @return why Kafka cannot take messages now, or empty when it can */
    public Optional<String> kafkaProblem() {
        return readiness.ready() ? Optional.empty() : Optional.of(readiness.problem());
    }

    /**
     * @param action run once when Kafka was first found reachable with the topic present (at once if it was at
     *               start), e.g. to log that the server is ready
     */
    public void whenKafkaFirstReady(Runnable action) {
        readiness.whenFirstReady(action);
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
        LOG.info("TMA Monitor stopping: finishing in-flight requests (up to {} s)", SHUTDOWN_TIMEOUT.toSeconds());
        try {
            http.shutdown(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("graceful HTTP shutdown incomplete: {}", e.toString());
            http.shutdownNow();
        }
        closeAll(closeables);
        LOG.info("TMA Monitor stopped");
    }

    private static ProbeAuthenticator startAuthentication(ServerConfig config) {
        Clock clock = Clock.systemUTC();
        TokenService tokens = config.tokenKeyFile() == null
                ? TokenService.generated(config.tokenTtl(), clock)
                : TokenService.fromFile(config.tokenKeyFile(), config.tokenTtl(), clock);
        ProbeAuthenticator authenticator = ProbeAuthenticator.start(config.credentialsFile(), config.reloadInterval(),
                tokens, config.basicAuthCacheTtl());
        LOG.info("probe authentication ON: {} probe(s) from {} (reloaded on change); tokens valid {} s, signing key {}",
                authenticator.credentials().size(), config.credentialsFile(), config.tokenTtl().toSeconds(),
                tokens.signingKeyId());
        if (tokens.generatedKey()) {
            String note = "token signing key generated at start: tokens die with this process and are refused by "
                    + "other replicas; with several replicas give all of them the same --token-key-file "
                    + "(e.g. from one Kubernetes Secret)";
            if (isLoopback(config.bindAddress())) {
                LOG.info(note);
            } else {
                LOG.warn(note);
            }
        }
        if (authenticator.credentials().size() == 0) {
            LOG.warn("the credentials file {} registers no probe: every message will be refused (401) until one is "
                    + "added with `monitor-server probes add`", config.credentialsFile());
        }
        return authenticator;
    }

    private static ServerTls startTls(ServerConfig config) {
        ServerTls tls = config.tlsKeystore() != null
                ? ServerTls.fromKeystore(config.tlsKeystore(), config.tlsKeystorePassword().toCharArray(),
                        config.reloadInterval())
                : ServerTls.fromPem(config.tlsCertificate(), config.tlsPrivateKey(), config.reloadInterval());
        LOG.info("TLS ON ({}): {}", String.join(", ", ServerTls.PROTOCOLS), tls.describe());
        if (!Boolean.getBoolean("jdk.tls.rejectClientInitiatedRenegotiation")) {
            LOG.warn("this JVM accepts TLS 1.2 renegotiation started by clients (a full handshake each time, for free): "
                    + "start it with -Djdk.tls.rejectClientInitiatedRenegotiation=true, as the monitor-server command does");
        }
        return tls;
    }

    private static void guardPlainHttp(ServerConfig config) {
        if (isLoopback(config.bindAddress())) {
            return;
        }
        LOG.warn("PLAIN HTTP ON A PUBLIC INTERFACE ({}): probe credentials, tokens and messages travel unencrypted; "
                + "configure --tls-cert/--tls-key or --tls-keystore (or terminate TLS in front of this server)",
                config.bindAddress());
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}: {}", closeable, e.toString());
            }
        }
    }

    private static void guardAnonymous(ServerConfig config) {
        if (isLoopback(config.bindAddress())) {
            LOG.warn("ANONYMOUS MODE: any local process may publish without credentials (bound to loopback {})",
                    config.bindAddress());
            return;
        }
        if (!config.anonymousOnPublicInterface()) {
            throw new IllegalStateException("refusing to accept unauthenticated messages on " + config.bindAddress()
                    + ": configure probe credentials (--credentials-file), bind to 127.0.0.1, or allow anonymous "
                    + "publishing explicitly (--allow-anonymous)");
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
