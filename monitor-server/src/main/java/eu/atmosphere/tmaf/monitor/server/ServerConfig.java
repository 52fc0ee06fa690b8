package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import eu.atmosphere.tmaf.monitor.server.http.Pipeline;
import eu.atmosphere.tmaf.monitor.server.ingest.IngestSettings;
import eu.atmosphere.tmaf.monitor.server.ingest.LegacyInvalidAnswer;
import eu.atmosphere.tmaf.monitor.server.kafka.PublisherSettings;
import eu.atmosphere.tmaf.monitor.server.page.PageResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link MonitorServer} needs to run. Immutable; build with {@link #builder()}, whose
 * defaults, like the checks of this record, are those of the {@link ServerOptions options} of
 * {@code serve} (each component's option is named in the builder's setter).
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder()
 *         .bindAddress("127.0.0.1").port(0)                 // 0 = any free port
 *         .kafkaBootstrapServers("127.0.0.1:9092")
 *         .topic("topic-monitor")
 *         .build();
 * }</pre>
 *
 * @param bindAddress            interface to listen on
 * @param port                   TCP port, 0 for any free one
 * @param kafkaBootstrapServers  the Kafka cluster that stores the messages
 * @param topic                  where every valid message becomes one record
 * @param maxBodyBytes           largest accepted request body after decompression (413 beyond)
 * @param maxInFlightBytes       request bytes held at once: being received, checked or awaiting Kafka (503 beyond)
 * @param kafkaTimeout           longest a request waits for Kafka before it is answered 503
 * @param retryAfter             the {@code Retry-After} advertised with a 503
 * @param anonymousOnPublicInterface whether unauthenticated publishing is allowed on a non-loopback address
 *                               (only without a credentials file)
 * @param credentialsFile        probe id → salted slow hash of the secret ({@code monitor-server probes add});
 *                               {@code null} = anonymous mode. With a file, every message needs credentials
 * @param reloadInterval         how often the credentials and TLS files are checked for changes; zero = never
 * @param tokenKeyFile           keys that sign bearer tokens, one line each (first signs); {@code null} = a
 *                               key generated at start (tokens die with the process and are not valid on
 *                               other replicas: with several replicas share a key file, e.g. a Kubernetes Secret)
 * @param tokenTtl               lifetime of a token issued by {@code POST /monitor/auth}
 * @param basicAuthCacheTtl      how long a secret verified for HTTP Basic is remembered (in memory);
 *                               zero = verify the slow hash on every request
 * @param tlsCertificate         PEM certificate chain (server first); with {@code tlsPrivateKey}
 * @param tlsPrivateKey          PEM private key, PKCS#8 (or PKCS#1 RSA), unencrypted
 * @param tlsKeystore            PKCS#12 keystore instead of the PEM files
 * @param tlsKeystorePassword    the keystore's password (never printed by {@link #toString()})
 * @param idleTimeout            how long a kept-alive connection may sit idle between requests (and a new one
 *                               before its first byte) before it is closed
 * @param maxRequestsPerConnection requests served on one kept-alive connection before it is closed (so load
 *                               spreads over replicas again); -1 = unlimited
 * @param requestHeaderTimeout   longest time from the first byte of a request (or TLS handshake) to its
 *                               complete headers; then the connection is closed (slowloris)
 * @param requestBodyTimeout     longest time from the complete headers to the complete body; then 408 and the
 *                               connection is closed (slow body); also Grizzly's blocking write timeout
 * @param maxHeaderBytes         largest request line + headers; beyond, the request is refused (400)
 * @param workerThreads          threads that parse and validate complete requests (bodies are received, and
 *                               Kafka awaited, without one)
 * @param selectorThreads        threads that accept connections and move bytes (non-blocking)
 * @param acceptanceProfile      which part of schema v0.4's range is accepted: by default what the TMA
 *                               knowledge-base loader stores without corruption (32-bit ids, time in epoch seconds)
 * @param maxBatchItems          most messages in one batch (413 beyond), so tiny items cannot multiply a request's work
 * @param openRouteConcurrency   requests on the open routes handled at once (503 beyond), so anonymous traffic never
 *                               holds more worker threads than this
 * @param openRouteBodyTimeout   longest time for an open route's request body ({@code requestBodyTimeout} if shorter)
 * @param legacyInvalidAnswer    which clients get an invalid message answered as the original monitor did
 *                               (200 + its error text, nothing stored) instead of 400; default none
 * @param kafkaSettings          the operator's settings for the Kafka clients (SASL, TLS, tuning); secrets
 *                               hidden by {@link #toString()}
 */
public record ServerConfig(
        String bindAddress,
        int port,
        String kafkaBootstrapServers,
        String topic,
        int maxBodyBytes,
        long maxInFlightBytes,
        Duration kafkaTimeout,
        Duration retryAfter,
        boolean anonymousOnPublicInterface,
        Path credentialsFile,
        Duration reloadInterval,
        Path tokenKeyFile,
        Duration tokenTtl,
        Duration basicAuthCacheTtl,
        Path tlsCertificate,
        Path tlsPrivateKey,
        Path tlsKeystore,
        String tlsKeystorePassword,
        Duration idleTimeout,
        int maxRequestsPerConnection,
        Duration requestHeaderTimeout,
        Duration requestBodyTimeout,
        int maxHeaderBytes,
        int workerThreads,
        int selectorThreads,
        AcceptanceProfile acceptanceProfile,
        LegacyInvalidAnswer legacyInvalidAnswer,
        KafkaClientSettings kafkaSettings,
        int maxBatchItems,
        int openRouteConcurrency,
        Duration openRouteBodyTimeout) {

    /** Checks the values: each against the rule of its {@link ServerOptions option}, then their combinations. */
    public ServerConfig {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(kafkaSettings, "kafkaSettings");
        ServerOptions.BIND.validate(bindAddress);
        ServerOptions.PORT.validate(port);
        ServerOptions.TOPIC.validate(topic);
        ServerOptions.MAX_BODY_BYTES.validate(maxBodyBytes);
        ServerOptions.MAX_INFLIGHT_BYTES.validate(maxInFlightBytes);
        ServerOptions.KAFKA_TIMEOUT_SECONDS.validate(kafkaTimeout);
        ServerOptions.RETRY_AFTER_SECONDS.validate(retryAfter);
        ServerOptions.RELOAD_INTERVAL_SECONDS.validate(reloadInterval);
        ServerOptions.TOKEN_TTL_SECONDS.validate(tokenTtl);
        ServerOptions.BASIC_AUTH_CACHE_SECONDS.validate(basicAuthCacheTtl);
        ServerOptions.IDLE_TIMEOUT_SECONDS.validate(idleTimeout);
        ServerOptions.MAX_REQUESTS_PER_CONNECTION.validate(maxRequestsPerConnection);
        ServerOptions.REQUEST_HEADER_TIMEOUT_SECONDS.validate(requestHeaderTimeout);
        ServerOptions.REQUEST_BODY_TIMEOUT_SECONDS.validate(requestBodyTimeout);
        ServerOptions.MAX_HEADER_BYTES.validate(maxHeaderBytes);
        ServerOptions.WORKER_THREADS.validate(workerThreads);
        ServerOptions.SELECTOR_THREADS.validate(selectorThreads);
        ServerOptions.MAX_BATCH_ITEMS.validate(maxBatchItems);
        ServerOptions.OPEN_ROUTE_CONCURRENCY.validate(openRouteConcurrency);
        ServerOptions.OPEN_ROUTE_BODY_TIMEOUT_SECONDS.validate(openRouteBodyTimeout);
        Objects.requireNonNull(acceptanceProfile, "acceptanceProfile");
        Objects.requireNonNull(legacyInvalidAnswer, "legacyInvalidAnswer");
        if (maxInFlightBytes < maxBodyBytes) {
            throw new IllegalArgumentException(ServerOptions.MAX_INFLIGHT_BYTES + " must hold at least one largest body ("
                    + ServerOptions.MAX_BODY_BYTES + " = " + maxBodyBytes + "), got " + maxInFlightBytes);
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TLS from PEM files needs both " + ServerOptions.TLS_CERT + " and "
                    + ServerOptions.TLS_KEY);
        }
        if (tlsKeystore != null && tlsCertificate != null) {
            throw new IllegalArgumentException("give either PEM files (" + ServerOptions.TLS_CERT + ") or a PKCS#12 "
                    + "keystore (" + ServerOptions.TLS_KEYSTORE + ") for TLS, not both");
        }
        if (tlsKeystore != null && tlsKeystorePassword == null) {
            throw new IllegalArgumentException(ServerOptions.TLS_KEYSTORE + " needs its password: "
                    + ServerOptions.TLS_KEYSTORE_PASSWORD_FILE + " or " + ServerOptions.TLS_KEYSTORE_PASSWORD);
        }
        if (idleTimeout.compareTo(kafkaTimeout.plusSeconds(5)) < 0) {
            throw new IllegalArgumentException(ServerOptions.IDLE_TIMEOUT_SECONDS + " (" + idleTimeout.toSeconds()
                    + " s) must exceed " + ServerOptions.KAFKA_TIMEOUT_SECONDS + " (" + kafkaTimeout.toSeconds()
                    + " s) by 5 s: a connection waiting for Kafka's acknowledgement looks idle");
        }
    }

    /** @return whether HTTPS is served (PEM files or a keystore are configured) */
    public boolean tls() {
        return tlsCertificate != null || tlsKeystore != null;
    }

    /** @return whether probes must authenticate (a credentials file is configured) */
    public boolean authentication() {
        return credentialsFile != null;
    }

    /** @return what the Kafka publisher needs */
    public PublisherSettings publisher() {
        return new PublisherSettings(kafkaBootstrapServers, topic, kafkaTimeout, maxInFlightBytes, maxBodyBytes,
                kafkaSettings);
    }

    /** @return what the ingest and the validator need */
    public IngestSettings ingest() {
        return new IngestSettings(maxBodyBytes, maxBatchItems, kafkaTimeout, retryAfter, authentication(),
                legacyInvalidAnswer);
    }

    /** @return what the developer page tells */
    public PageResource.Facts page() {
        return new PageResource.Facts(authentication(), tokenTtl, maxBodyBytes, acceptanceProfile);
    }

    /** @return the request pipeline's limits */
    public Pipeline.Limits pipeline() {
        return new Pipeline.Limits(maxBodyBytes, requestBodyTimeout, openRouteBodyTimeout, retryAfter);
    }

    /** Like the record's, but never shows the keystore password or a secret Kafka setting. */
    @Override
    public String toString() {
        return "ServerConfig[bindAddress=" + bindAddress + ", port=" + port + ", kafkaBootstrapServers="
                + kafkaBootstrapServers + ", topic=" + topic + ", maxBodyBytes=" + maxBodyBytes
                + ", maxInFlightBytes=" + maxInFlightBytes + ", kafkaTimeout=" + kafkaTimeout + ", retryAfter="
                + retryAfter + ", anonymousOnPublicInterface=" + anonymousOnPublicInterface + ", credentialsFile="
                + credentialsFile + ", reloadInterval=" + reloadInterval + ", tokenKeyFile=" + tokenKeyFile
                + ", tokenTtl=" + tokenTtl + ", basicAuthCacheTtl=" + basicAuthCacheTtl + ", tlsCertificate="
                + tlsCertificate + ", tlsPrivateKey=" + tlsPrivateKey + ", tlsKeystore=" + tlsKeystore
                + ", tlsKeystorePassword=" + (tlsKeystorePassword == null ? "null" : "***") + ", idleTimeout="
                + idleTimeout + ", maxRequestsPerConnection=" + maxRequestsPerConnection + ", requestHeaderTimeout="
                + requestHeaderTimeout + ", requestBodyTimeout=" + requestBodyTimeout + ", maxHeaderBytes="
                + maxHeaderBytes + ", workerThreads=" + workerThreads + ", selectorThreads=" + selectorThreads
                + ", acceptanceProfile=" + acceptanceProfile + ", legacyInvalidAnswer=" + legacyInvalidAnswer
                + ", kafkaSettings=" + kafkaSettings + ", maxBatchItems=" + maxBatchItems + ", openRouteConcurrency="
                + openRouteConcurrency + ", openRouteBodyTimeout=" + openRouteBodyTimeout + "]";
    }

    /** @return a builder with the defaults of a local development server */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ServerConfig}; every setter returns the builder. */
    public static final class Builder {
        private String bindAddress = ServerOptions.BIND.defaultValue();
        private int port = ServerOptions.PORT.defaultValue();
        private String kafkaBootstrapServers = "127.0.0.1:" + ServerOptions.EMBEDDED_KAFKA_PORT.defaultValue();
        private String topic = ServerOptions.TOPIC.defaultValue();
        private int maxBodyBytes = ServerOptions.MAX_BODY_BYTES.defaultValue();
        private long maxInFlightBytes = ServerOptions.MAX_INFLIGHT_BYTES.defaultValue();
        private Duration kafkaTimeout = ServerOptions.KAFKA_TIMEOUT_SECONDS.defaultValue();
        private Duration retryAfter = ServerOptions.RETRY_AFTER_SECONDS.defaultValue();
        private boolean anonymousOnPublicInterface = ServerOptions.ALLOW_ANONYMOUS.defaultValue();
        private Path credentialsFile = ServerOptions.CREDENTIALS_FILE.defaultValue();
        private Duration reloadInterval = ServerOptions.RELOAD_INTERVAL_SECONDS.defaultValue();
        private Path tokenKeyFile = ServerOptions.TOKEN_KEY_FILE.defaultValue();
        private Duration tokenTtl = ServerOptions.TOKEN_TTL_SECONDS.defaultValue();
        private Duration basicAuthCacheTtl = ServerOptions.BASIC_AUTH_CACHE_SECONDS.defaultValue();
        private Path tlsCertificate = ServerOptions.TLS_CERT.defaultValue();
        private Path tlsPrivateKey = ServerOptions.TLS_KEY.defaultValue();
        private Path tlsKeystore = ServerOptions.TLS_KEYSTORE.defaultValue();
        private String tlsKeystorePassword = ServerOptions.TLS_KEYSTORE_PASSWORD.defaultValue();
        private Duration idleTimeout = ServerOptions.IDLE_TIMEOUT_SECONDS.defaultValue();
        private int maxRequestsPerConnection = ServerOptions.MAX_REQUESTS_PER_CONNECTION.defaultValue();
        private Duration requestHeaderTimeout = ServerOptions.REQUEST_HEADER_TIMEOUT_SECONDS.defaultValue();
        private Duration requestBodyTimeout = ServerOptions.REQUEST_BODY_TIMEOUT_SECONDS.defaultValue();
        private int maxHeaderBytes = ServerOptions.MAX_HEADER_BYTES.defaultValue();
        private int workerThreads = ServerOptions.WORKER_THREADS.defaultValue();
        private int selectorThreads = ServerOptions.SELECTOR_THREADS.defaultValue();
        private KafkaClientSettings kafkaSettings = KafkaClientSettings.none();
        private AcceptanceProfile acceptanceProfile = ServerOptions.ACCEPTANCE_PROFILE.defaultValue();
        private LegacyInvalidAnswer legacyInvalidAnswer = ServerOptions.LEGACY_INVALID_ANSWER.defaultValue();
        private int maxBatchItems = ServerOptions.MAX_BATCH_ITEMS.defaultValue();
        private int openRouteConcurrency = ServerOptions.OPEN_ROUTE_CONCURRENCY.defaultValue();
        private Duration openRouteBodyTimeout = ServerOptions.OPEN_ROUTE_BODY_TIMEOUT_SECONDS.defaultValue();

        private Builder() {
        }

        /** @param value interface to listen on ({@link ServerOptions#BIND}) @return this */
        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** @param value TCP port, 0 for any free one ({@link ServerOptions#PORT}) @return this */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** @param value Kafka bootstrap servers ({@link ServerOptions#KAFKA_BOOTSTRAP_SERVERS}) @return this */
        public Builder kafkaBootstrapServers(String value) {
            kafkaBootstrapServers = value;
            return this;
        }

        /** @param value the topic ({@link ServerOptions#TOPIC}) @return this */
        public Builder topic(String value) {
            topic = value;
            return this;
        }

        /** @param value largest body after decompression ({@link ServerOptions#MAX_BODY_BYTES}) @return this */
        public Builder maxBodyBytes(int value) {
            maxBodyBytes = value;
            return this;
        }

        /** @param value bytes that may await Kafka at once ({@link ServerOptions#MAX_INFLIGHT_BYTES}) @return this */
        public Builder maxInFlightBytes(long value) {
            maxInFlightBytes = value;
            return this;
        }

        /** @param value longest wait for Kafka before a 503 ({@link ServerOptions#KAFKA_TIMEOUT_SECONDS}) @return this */
        public Builder kafkaTimeout(Duration value) {
            kafkaTimeout = value;
            return this;
        }

        /** @param value Retry-After advertised with a 503 ({@link ServerOptions#RETRY_AFTER_SECONDS}) @return this */
        public Builder retryAfter(Duration value) {
            retryAfter = value;
            return this;
        }

        /** @param value allow unauthenticated publishing on a non-loopback address ({@link ServerOptions#ALLOW_ANONYMOUS}) @return this */
        public Builder anonymousOnPublicInterface(boolean value) {
            anonymousOnPublicInterface = value;
            return this;
        }

        /**
         * @param value probe credentials file ({@code monitor-server probes add},
         *              {@link ServerOptions#CREDENTIALS_FILE}); none = anonymous mode, allowed only on loopback or with {@link #anonymousOnPublicInterface}
         * @return this
         */
        public Builder credentialsFile(Path value) {
            credentialsFile = value;
            return this;
        }

        /** @param value how often credentials and TLS files are checked for changes ({@link ServerOptions#RELOAD_INTERVAL_SECONDS}) @return this */
        public Builder reloadInterval(Duration value) {
            reloadInterval = value;
            return this;
        }

        /** @param value token signing keys, one per line ({@link ServerOptions#TOKEN_KEY_FILE}) @return this */
        public Builder tokenKeyFile(Path value) {
            tokenKeyFile = value;
            return this;
        }

        /** @param value lifetime of issued tokens ({@link ServerOptions#TOKEN_TTL_SECONDS}) @return this */
        public Builder tokenTtl(Duration value) {
            tokenTtl = value;
            return this;
        }

        /** @param value how long a verified Basic secret is remembered ({@link ServerOptions#BASIC_AUTH_CACHE_SECONDS}) @return this */
        public Builder basicAuthCacheTtl(Duration value) {
            basicAuthCacheTtl = value;
            return this;
        }

        /**
         * Serves HTTPS with PEM files.
         *
         * @param certificateChain server certificate then intermediates, PEM
         * @param privateKey       its key, PKCS#8 PEM
         * @return this
         */
        public Builder tlsPem(Path certificateChain, Path privateKey) {
            tlsCertificate = certificateChain;
            tlsPrivateKey = privateKey;
            return this;
        }

        /**
         * Serves HTTPS with a PKCS#12 keystore.
         *
         * @param keystore the keystore
         * @param password its password
         * @return this
         */
        public Builder tlsKeystore(Path keystore, String password) {
            tlsKeystore = keystore;
            tlsKeystorePassword = password;
            return this;
        }

        /** @param value idle time before a kept-alive connection is closed ({@link ServerOptions#IDLE_TIMEOUT_SECONDS}) @return this */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** @param value requests per kept-alive connection ({@link ServerOptions#MAX_REQUESTS_PER_CONNECTION}) @return this */
        public Builder maxRequestsPerConnection(int value) {
            maxRequestsPerConnection = value;
            return this;
        }

        /** @param value longest time to receive a request's headers ({@link ServerOptions#REQUEST_HEADER_TIMEOUT_SECONDS}) @return this */
        public Builder requestHeaderTimeout(Duration value) {
            requestHeaderTimeout = value;
            return this;
        }

        /** @param value longest time to receive a request's body after its headers ({@link ServerOptions#REQUEST_BODY_TIMEOUT_SECONDS}) @return this */
        public Builder requestBodyTimeout(Duration value) {
            requestBodyTimeout = value;
            return this;
        }

        /** @param value largest request line + headers ({@link ServerOptions#MAX_HEADER_BYTES}) @return this */
        public Builder maxHeaderBytes(int value) {
            maxHeaderBytes = value;
            return this;
        }

        /** @param value request worker threads ({@link ServerOptions#WORKER_THREADS}) @return this */
        public Builder workerThreads(int value) {
            workerThreads = value;
            return this;
        }

        /** @param value selector (I/O) threads ({@link ServerOptions#SELECTOR_THREADS}) @return this */
        public Builder selectorThreads(int value) {
            selectorThreads = value;
            return this;
        }

        /** @param value the accepted value range, default knowledge-base @return this */
        public Builder acceptanceProfile(AcceptanceProfile value) {
            acceptanceProfile = value;
            return this;
        }

        /** @param value who gets invalid messages answered 200 as by the original monitor, default off @return this */
        public Builder legacyInvalidAnswer(LegacyInvalidAnswer value) {
            legacyInvalidAnswer = value;
            return this;
        }

        /** @param value settings for the Kafka clients (SASL, TLS, tuning), default none @return this */
        public Builder kafkaSettings(KafkaClientSettings value) {
            kafkaSettings = value;
            return this;
        }

        /** @param value most messages in one batch ({@link ServerOptions#MAX_BATCH_ITEMS}) @return this */
        public Builder maxBatchItems(int value) {
            maxBatchItems = value;
            return this;
        }

        /** @param value open-route requests at once ({@link ServerOptions#OPEN_ROUTE_CONCURRENCY}) @return this */
        public Builder openRouteConcurrency(int value) {
            openRouteConcurrency = value;
            return this;
        }

        /** @param value body deadline on open routes ({@link ServerOptions#OPEN_ROUTE_BODY_TIMEOUT_SECONDS}) @return this */
        public Builder openRouteBodyTimeout(Duration value) {
            openRouteBodyTimeout = value;
            return this;
        }

        /** @return the configuration */
        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, kafkaBootstrapServers, topic, maxBodyBytes,
                    maxInFlightBytes, kafkaTimeout, retryAfter, anonymousOnPublicInterface, credentialsFile,
                    reloadInterval, tokenKeyFile, tokenTtl, basicAuthCacheTtl, tlsCertificate, tlsPrivateKey,
                    tlsKeystore, tlsKeystorePassword, idleTimeout, maxRequestsPerConnection, requestHeaderTimeout,
                    requestBodyTimeout, maxHeaderBytes, workerThreads, selectorThreads, acceptanceProfile,
                    legacyInvalidAnswer, kafkaSettings, maxBatchItems, openRouteConcurrency, openRouteBodyTimeout);
        }
    }
}
