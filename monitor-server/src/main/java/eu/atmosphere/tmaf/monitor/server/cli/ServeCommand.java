package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.ingest.LegacyInvalidAnswer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the server until SIGTERM/SIGINT, then stops gracefully. Without Kafka bootstrap
 * servers it first starts an embedded single-node broker whose data survives restarts.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Run the monitor (the default command).")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", defaultValue = "${env:MONITOR_BIND_ADDRESS:-127.0.0.1}",
            description = "Interface to listen on (env MONITOR_BIND_ADDRESS).")
    String bind;

    @Option(names = "--port", defaultValue = "${env:MONITOR_PORT:-32025}",
            description = "TCP port (env MONITOR_PORT).")
    int port;

    @Option(names = "--kafka-bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-}",
            description = "Kafka cluster; empty starts the embedded broker (env KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "${env:MONITOR_TOPIC:-topic-monitor}",
            description = "Topic of the messages (env MONITOR_TOPIC).")
    String topic;

    @Option(names = "--max-body-bytes", defaultValue = "${env:MONITOR_MAX_BODY_BYTES:-1048576}",
            description = "Largest request body after decompression; 413 beyond (env MONITOR_MAX_BODY_BYTES).")
    int maxBodyBytes;

    @Option(names = "--max-inflight-bytes", defaultValue = "${env:MONITOR_MAX_INFLIGHT_BYTES:-67108864}",
            description = "Request bytes awaiting Kafka at once; 503 beyond (env MONITOR_MAX_INFLIGHT_BYTES).")
    long maxInFlightBytes;

    @Option(names = "--kafka-timeout-seconds", defaultValue = "${env:MONITOR_KAFKA_TIMEOUT_SECONDS:-10}",
            description = "Longest wait for Kafka's acknowledgement before a 503 (env MONITOR_KAFKA_TIMEOUT_SECONDS).")
    int kafkaTimeoutSeconds;

    @Option(names = "--retry-after-seconds", defaultValue = "${env:MONITOR_RETRY_AFTER_SECONDS:-5}",
            description = "Retry-After sent with a 503 (env MONITOR_RETRY_AFTER_SECONDS).")
    int retryAfterSeconds;

    @Option(names = "--idle-timeout-seconds", defaultValue = "${env:MONITOR_IDLE_TIMEOUT_SECONDS:-30}",
            description = "Close a kept-alive connection idle this long between requests; must exceed "
                    + "--kafka-timeout-seconds by 5 (env MONITOR_IDLE_TIMEOUT_SECONDS).")
    long idleTimeoutSeconds;

    @Option(names = "--max-requests-per-connection", defaultValue = "${env:MONITOR_MAX_REQUESTS_PER_CONNECTION:-1000}",
            description = "Requests served on one kept-alive connection before it is closed, so load spreads over "
                    + "replicas again; -1 = unlimited (env MONITOR_MAX_REQUESTS_PER_CONNECTION).")
    int maxRequestsPerConnection;

    @Option(names = "--request-header-timeout-seconds", defaultValue = "${env:MONITOR_REQUEST_HEADER_TIMEOUT_SECONDS:-10}",
            description = "Close a connection whose request headers (from their first byte, TLS handshake included) "
                    + "take longer: slow clients cannot hold connections (env MONITOR_REQUEST_HEADER_TIMEOUT_SECONDS).")
    long requestHeaderTimeoutSeconds;

    @Option(names = "--request-body-timeout-seconds", defaultValue = "${env:MONITOR_REQUEST_BODY_TIMEOUT_SECONDS:-30}",
            description = "Close a connection whose request body (after the headers) takes longer; a slow body holds a "
                    + "worker thread at most this long (env MONITOR_REQUEST_BODY_TIMEOUT_SECONDS).")
    long requestBodyTimeoutSeconds;

    @Option(names = "--max-header-bytes", defaultValue = "${env:MONITOR_MAX_HEADER_BYTES:-8192}",
            description = "Largest request line + headers; 400 beyond (env MONITOR_MAX_HEADER_BYTES).")
    int maxHeaderBytes;

    @Option(names = "--worker-threads", defaultValue = "${env:MONITOR_WORKER_THREADS:-64}",
            description = "Threads that read, parse and validate requests; Kafka is awaited without one "
                    + "(env MONITOR_WORKER_THREADS).")
    int workerThreads;

    @Option(names = "--selector-threads", defaultValue = "${env:MONITOR_SELECTOR_THREADS:-0}",
            description = "Non-blocking I/O threads; 0 = one per processor (env MONITOR_SELECTOR_THREADS).")
    int selectorThreads;

    @Option(names = "--allow-anonymous", defaultValue = "${env:MONITOR_ALLOW_ANONYMOUS:-false}",
            description = "Accept unauthenticated messages on a non-loopback interface; only without --credentials-file "
                    + "(env MONITOR_ALLOW_ANONYMOUS).")
    boolean allowAnonymous;

    @Option(names = "--credentials-file", defaultValue = "${env:MONITOR_CREDENTIALS_FILE:-}",
            description = "Probe credentials (probe id -> salted slow hash), managed with `probes add|remove|list`. "
                    + "With it every message needs credentials; without it the server runs in anonymous mode "
                    + "(loopback or --allow-anonymous only). Re-read when it changes; refused if readable by "
                    + "everyone (env MONITOR_CREDENTIALS_FILE).")
    String credentialsFile;

    @Option(names = "--token-key-file", defaultValue = "${env:MONITOR_TOKEN_KEY_FILE:-}",
            description = "Keys that sign bearer tokens, one line of >= 32 characters each, the first signs "
                    + "(e.g. `openssl rand -base64 48`). Empty: a key generated at start, so tokens die with the "
                    + "process; with several replicas all must share this file, e.g. from one Kubernetes Secret "
                    + "(env MONITOR_TOKEN_KEY_FILE).")
    String tokenKeyFile;

    @Option(names = "--token-ttl-seconds", defaultValue = "${env:MONITOR_TOKEN_TTL_SECONDS:-900}",
            description = "Lifetime of tokens issued by POST /monitor/auth (env MONITOR_TOKEN_TTL_SECONDS).")
    long tokenTtlSeconds;

    @Option(names = "--basic-auth-cache-seconds", defaultValue = "${env:MONITOR_BASIC_AUTH_CACHE_SECONDS:-120}",
            description = "How long, unused, a secret verified for HTTP Basic is remembered (as a keyed hash; at most 1 h), so the slow "
                    + "hash is not paid per message; 0 = never (env MONITOR_BASIC_AUTH_CACHE_SECONDS).")
    long basicAuthCacheSeconds;

    @Option(names = "--reload-interval-seconds", defaultValue = "${env:MONITOR_RELOAD_INTERVAL_SECONDS:-10}",
            description = "How often the credentials and TLS files are checked for changes; 0 = never "
                    + "(env MONITOR_RELOAD_INTERVAL_SECONDS).")
    long reloadIntervalSeconds;

    @Option(names = "--tls-cert", defaultValue = "${env:MONITOR_TLS_CERT:-}",
            description = "PEM certificate chain, server certificate first; with --tls-key serves HTTPS only "
                    + "(TLS 1.2/1.3). Without TLS material: plain HTTP (env MONITOR_TLS_CERT).")
    String tlsCertificate;

    @Option(names = "--tls-key", defaultValue = "${env:MONITOR_TLS_KEY:-}",
            description = "PEM private key of --tls-cert, PKCS#8 (BEGIN PRIVATE KEY; RSA, EC) or PKCS#1 RSA, "
                    + "unencrypted (env MONITOR_TLS_KEY).")
    String tlsKey;

    @Option(names = "--tls-keystore", defaultValue = "${env:MONITOR_TLS_KEYSTORE:-}",
            description = "PKCS#12 keystore with the server key and chain, instead of --tls-cert/--tls-key "
                    + "(env MONITOR_TLS_KEYSTORE).")
    String tlsKeystore;

    @Option(names = "--tls-keystore-password", defaultValue = "${env:MONITOR_TLS_KEYSTORE_PASSWORD:-}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Password of --tls-keystore; prefer the environment variable or the file, a command line "
                    + "is visible to other users (env MONITOR_TLS_KEYSTORE_PASSWORD).")
    String tlsKeystorePassword;

    @Option(names = "--tls-keystore-password-file", defaultValue = "${env:MONITOR_TLS_KEYSTORE_PASSWORD_FILE:-}",
            description = "File holding the password of --tls-keystore (first line) "
                    + "(env MONITOR_TLS_KEYSTORE_PASSWORD_FILE).")
    String tlsKeystorePasswordFile;

    @Option(names = "--acceptance-profile", defaultValue = "${env:MONITOR_ACCEPTANCE_PROFILE:-knowledge-base}",
            description = "Which values are accepted: knowledge-base = what the TMA knowledge base stores without "
                    + "corruption (probeId, resourceId, descriptionId <= 2147483647, observation time 1..2147483647 "
                    + "epoch seconds); full-64bit = schema v0.4's whole 64-bit range (env MONITOR_ACCEPTANCE_PROFILE).")
    String acceptanceProfile;

    @Option(names = "--legacy-invalid-answer", defaultValue = "${env:MONITOR_LEGACY_INVALID_ANSWER:-off}",
            description = "Migration aid: original-client answers an invalid message of the original Java library "
                    + "(User-Agent Jersey/2.x) as the original monitor did, 200 + its error text, so its sender thread "
                    + "keeps running; nothing is stored, it is counted as rejected and logged. off = 400 for everyone "
                    + "(env MONITOR_LEGACY_INVALID_ANSWER).")
    String legacyInvalidAnswer;

    @Option(names = "--embedded-kafka-dir", defaultValue = "${env:MONITOR_EMBEDDED_KAFKA_DIR:-data/kafka}",
            description = "Data directory of the embedded broker (env MONITOR_EMBEDDED_KAFKA_DIR).")
    Path embeddedDirectory;

    @Option(names = "--embedded-kafka-port", defaultValue = "${env:MONITOR_EMBEDDED_KAFKA_PORT:-9092}",
            description = "Port of the embedded broker on 127.0.0.1 (env MONITOR_EMBEDDED_KAFKA_PORT).")
    int embeddedPort;

    @Option(names = "--embedded-kafka-partitions", defaultValue = "${env:MONITOR_TOPIC_PARTITIONS:-3}",
            description = "Partitions of the topic the embedded broker creates (env MONITOR_TOPIC_PARTITIONS).")
    int partitions;

    @Override
    public Integer call() throws InterruptedException, IOException {
        long start = System.nanoTime();
        String password = keystorePassword();
        AcceptanceProfile profile = choice(() -> AcceptanceProfile.parse(acceptanceProfile));
        LegacyInvalidAnswer legacy = choice(() -> LegacyInvalidAnswer.parse(legacyInvalidAnswer));
        EmbeddedKafkaBroker broker = bootstrapServers.isBlank() ? startEmbeddedBroker() : null;
        String kafka = broker == null ? bootstrapServers : broker.bootstrapServers();
        MonitorServer server;
        try {
            server = MonitorServer.start(ServerConfig.builder()
                    .bindAddress(bind).port(port).kafkaBootstrapServers(kafka).topic(topic)
                    .maxBodyBytes(maxBodyBytes).maxInFlightBytes(maxInFlightBytes)
                    .kafkaTimeout(Duration.ofSeconds(kafkaTimeoutSeconds)).retryAfter(Duration.ofSeconds(retryAfterSeconds))
                    .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                    .maxRequestsPerConnection(maxRequestsPerConnection)
                    .requestHeaderTimeout(Duration.ofSeconds(requestHeaderTimeoutSeconds))
                    .requestBodyTimeout(Duration.ofSeconds(requestBodyTimeoutSeconds))
                    .maxHeaderBytes(maxHeaderBytes)
                    .workerThreads(workerThreads)
                    .selectorThreads(selectorThreads > 0 ? selectorThreads : Runtime.getRuntime().availableProcessors())
                    .anonymousOnPublicInterface(allowAnonymous)
                    .credentialsFile(path(credentialsFile))
                    .tokenKeyFile(path(tokenKeyFile))
                    .tokenTtl(Duration.ofSeconds(tokenTtlSeconds))
                    .basicAuthCacheTtl(Duration.ofSeconds(basicAuthCacheSeconds))
                    .reloadInterval(Duration.ofSeconds(reloadIntervalSeconds))
                    .tlsPem(path(tlsCertificate), path(tlsKey))
                    .tlsKeystore(path(tlsKeystore), password)
                    .acceptanceProfile(profile)
                    .legacyInvalidAnswer(legacy)
                    .build());
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        LOG.info("ready in {} ms", (System.nanoTime() - start) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (broker != null) {
                broker.close();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** An option value that does not name a choice is a usage error (exit 2), not a crash. */
    private <T> T choice(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String keystorePassword() throws IOException {
        if (path(tlsKeystore) == null) {
            return null;
        }
        if (!tlsKeystorePassword.isEmpty()) {
            return tlsKeystorePassword;
        }
        if (path(tlsKeystorePasswordFile) != null) {
            return Files.readAllLines(Path.of(tlsKeystorePasswordFile), StandardCharsets.UTF_8).stream()
                    .findFirst().orElse("").strip();
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--tls-keystore needs --tls-keystore-password-file or MONITOR_TLS_KEYSTORE_PASSWORD");
    }

    private EmbeddedKafkaBroker startEmbeddedBroker() {
        LOG.info("no Kafka configured (KAFKA_BOOTSTRAP_SERVERS): starting the embedded single-node broker on "
                + "127.0.0.1:{}, data in {}", embeddedPort, embeddedDirectory.toAbsolutePath());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(embeddedDirectory).port(embeddedPort).build();
        broker.start();
        broker.createTopic(topic, partitions);
        LOG.info("embedded Kafka broker up at {}", broker.bootstrapServers());
        return broker;
    }
}
