package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import eu.atmosphere.tmaf.monitor.server.ingest.LegacyInvalidAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link MonitorServer} needs to run. Immutable; build with {@link #builder()}.
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
 * @param maxInFlightBytes       request bytes that may await Kafka's acknowledgement at once (503 beyond)
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
 * @param basicAuthCacheTtl      how long a secret verified for HTTP Basic is remembered (as a keyed hash);
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
 * @param requestBodyTimeout     longest time from the complete headers to the complete body; then the
 *                               connection is closed (slow body); also Grizzly's blocking read/write timeout
 * @param maxHeaderBytes         largest request line + headers; beyond, the request is refused (400)
 * @param workerThreads          threads that read, parse and validate requests (each slow body holds one
 *                               for at most {@code requestBodyTimeout})
 * @param selectorThreads        threads that accept connections and move bytes (non-blocking)
 * @param acceptanceProfile      which part of schema v0.4's range is accepted: by default what the TMA
 *                               knowledge-base loader stores without corruption (32-bit ids, time in epoch seconds)
 * @param legacyInvalidAnswer    which clients get an invalid message answered as the original monitor did
 *                               (200 + its error text, nothing stored) instead of 400; default none
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
        LegacyInvalidAnswer legacyInvalidAnswer) {

    /** The port of the original monitor ({@code https://HOST:32025/monitor}). */
    public static final int DEFAULT_PORT = 32025;
    /** The topic the downstream consumers read. */
    public static final String DEFAULT_TOPIC = "topic-monitor";
    /** 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** 15 minutes. */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);
    /** 30 seconds (Grizzly's own default, now explicit). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** 1000 requests. */
    public static final int DEFAULT_MAX_REQUESTS_PER_CONNECTION = 1000;
    /** 10 seconds. */
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** 30 seconds: a 1 MiB body at 35 KiB/s. */
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** 8 KiB (Grizzly's own default, now explicit). */
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    /** 64 threads. */
    public static final int DEFAULT_WORKER_THREADS = 64;

    /** Checks the values. */
    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        if (maxInFlightBytes < maxBodyBytes) {
            throw new IllegalArgumentException("maxInFlightBytes must hold at least one largest body");
        }
        if (kafkaTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("kafkaTimeout must be at least 1 s: " + kafkaTimeout);
        }
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(basicAuthCacheTtl, "basicAuthCacheTtl");
        if (tokenTtl.toSeconds() < 1 || tokenTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("tokenTtl must be 1 s .. 1 day: " + tokenTtl);
        }
        if (basicAuthCacheTtl.isNegative() || reloadInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TLS from PEM files needs both the certificate chain and the private key");
        }
        if (tlsKeystore != null && tlsCertificate != null) {
            throw new IllegalArgumentException("give either PEM files or a PKCS#12 keystore for TLS, not both");
        }
        if (tlsKeystore != null && tlsKeystorePassword == null) {
            throw new IllegalArgumentException("the PKCS#12 keystore needs its password");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(requestHeaderTimeout, "requestHeaderTimeout");
        Objects.requireNonNull(requestBodyTimeout, "requestBodyTimeout");
        if (idleTimeout.toSeconds() < 1 || requestHeaderTimeout.toMillis() < 100 || requestBodyTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("idle timeout must be at least 1 s, request header and body timeouts "
                    + "at least 100 ms");
        }
        if (idleTimeout.compareTo(kafkaTimeout.plusSeconds(5)) < 0) {
            throw new IllegalArgumentException("idleTimeout (" + idleTimeout + ") must exceed kafkaTimeout ("
                    + kafkaTimeout + ") by 5 s: a connection waiting for Kafka's acknowledgement looks idle");
        }
        if (maxRequestsPerConnection == 0 || maxRequestsPerConnection < -1) {
            throw new IllegalArgumentException("maxRequestsPerConnection must be positive or -1: "
                    + maxRequestsPerConnection);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024: " + maxHeaderBytes);
        }
        if (workerThreads < 1 || selectorThreads < 1) {
            throw new IllegalArgumentException("worker and selector threads must be at least 1");
        }
        Objects.requireNonNull(acceptanceProfile, "acceptanceProfile");
        Objects.requireNonNull(legacyInvalidAnswer, "legacyInvalidAnswer");
    }

    /** @return whether HTTPS is served (PEM files or a keystore are configured) */
    public boolean tls() {
        return tlsCertificate != null || tlsKeystore != null;
    }

    /** @return whether probes must authenticate (a credentials file is configured) */
    public boolean authentication() {
        return credentialsFile != null;
    }

    /** Like the record's, but never shows the keystore password. */
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
                + ", acceptanceProfile=" + acceptanceProfile + ", legacyInvalidAnswer=" + legacyInvalidAnswer + "]";
    }

    /** @return a builder with the defaults of a local development server */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ServerConfig}; every setter returns the builder. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String kafkaBootstrapServers = "127.0.0.1:9092";
        private String topic = DEFAULT_TOPIC;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long maxInFlightBytes = 64L * 1024 * 1024;
        private Duration kafkaTimeout = Duration.ofSeconds(10);
        private Duration retryAfter = Duration.ofSeconds(5);
        private boolean anonymousOnPublicInterface;
        private Path credentialsFile;
        private Duration reloadInterval = Duration.ofSeconds(10);
        private Path tokenKeyFile;
        private Duration tokenTtl = DEFAULT_TOKEN_TTL;
        private Duration basicAuthCacheTtl = Duration.ofMinutes(2);
        private Path tlsCertificate;
        private Path tlsPrivateKey;
        private Path tlsKeystore;
        private String tlsKeystorePassword;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxRequestsPerConnection = DEFAULT_MAX_REQUESTS_PER_CONNECTION;
        private Duration requestHeaderTimeout = DEFAULT_REQUEST_HEADER_TIMEOUT;
        private Duration requestBodyTimeout = DEFAULT_REQUEST_BODY_TIMEOUT;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int selectorThreads = Runtime.getRuntime().availableProcessors();
        private AcceptanceProfile acceptanceProfile = AcceptanceProfile.DEFAULT;
        private LegacyInvalidAnswer legacyInvalidAnswer = LegacyInvalidAnswer.OFF;

        private Builder() {
        }

        /** @param value interface to listen on, default 127.0.0.1 @return this */
        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** @param value TCP port, 0 for any free one, default 32025 @return this */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** @param value Kafka bootstrap servers, default 127.0.0.1:9092 @return this */
        public Builder kafkaBootstrapServers(String value) {
            kafkaBootstrapServers = value;
            return this;
        }

        /** @param value the topic, default topic-monitor @return this */
        public Builder topic(String value) {
            topic = value;
            return this;
        }

        /** @param value largest body after decompression, default 1 MiB @return this */
        public Builder maxBodyBytes(int value) {
            maxBodyBytes = value;
            return this;
        }

        /** @param value bytes that may await Kafka at once, default 64 MiB @return this */
        public Builder maxInFlightBytes(long value) {
            maxInFlightBytes = value;
            return this;
        }

        /** @param value longest wait for Kafka before a 503, default 10 s @return this */
        public Builder kafkaTimeout(Duration value) {
            kafkaTimeout = value;
            return this;
        }

        /** @param value Retry-After advertised with a 503, default 5 s @return this */
        public Builder retryAfter(Duration value) {
            retryAfter = value;
            return this;
        }

        /** @param value allow unauthenticated publishing on a non-loopback address @return this */
        public Builder anonymousOnPublicInterface(boolean value) {
            anonymousOnPublicInterface = value;
            return this;
        }

        /**
         * @param value probe credentials file ({@code monitor-server probes add}); default none =
         *              anonymous mode, allowed only on loopback or with {@link #anonymousOnPublicInterface}
         * @return this
         */
        public Builder credentialsFile(Path value) {
            credentialsFile = value;
            return this;
        }

        /** @param value how often credentials and TLS files are checked for changes, default 10 s, zero = never @return this */
        public Builder reloadInterval(Duration value) {
            reloadInterval = value;
            return this;
        }

        /** @param value token signing keys, one per line; default a key generated at start @return this */
        public Builder tokenKeyFile(Path value) {
            tokenKeyFile = value;
            return this;
        }

        /** @param value lifetime of issued tokens, default 15 min @return this */
        public Builder tokenTtl(Duration value) {
            tokenTtl = value;
            return this;
        }

        /** @param value how long a verified Basic secret is remembered, default 2 min, zero = never @return this */
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

        /** @param value idle time before a kept-alive connection is closed, default 30 s @return this */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** @param value requests per kept-alive connection, default 1000, -1 = unlimited @return this */
        public Builder maxRequestsPerConnection(int value) {
            maxRequestsPerConnection = value;
            return this;
        }

        /** @param value longest time to receive a request's headers, default 10 s @return this */
        public Builder requestHeaderTimeout(Duration value) {
            requestHeaderTimeout = value;
            return this;
        }

        /** @param value longest time to receive a request's body after its headers, default 30 s @return this */
        public Builder requestBodyTimeout(Duration value) {
            requestBodyTimeout = value;
            return this;
        }

        /** @param value largest request line + headers, default 8 KiB @return this */
        public Builder maxHeaderBytes(int value) {
            maxHeaderBytes = value;
            return this;
        }

        /** @param value request worker threads, default 64 @return this */
        public Builder workerThreads(int value) {
            workerThreads = value;
            return this;
        }

        /** @param value selector (I/O) threads, default one per processor @return this */
        public Builder selectorThreads(int value) {
            selectorThreads = value;
            return this;
        }

        /** @param value the accepted value range, default {@link AcceptanceProfile#KNOWLEDGE_BASE} @return this */
        public Builder acceptanceProfile(AcceptanceProfile value) {
            acceptanceProfile = value;
            return this;
        }

        /** @param value who gets invalid messages answered 200 as by the original monitor, default OFF @return this */
        public Builder legacyInvalidAnswer(LegacyInvalidAnswer value) {
            legacyInvalidAnswer = value;
            return this;
        }

        /** @return the configuration */
        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, kafkaBootstrapServers, topic, maxBodyBytes,
                    maxInFlightBytes, kafkaTimeout, retryAfter, anonymousOnPublicInterface, credentialsFile,
                    reloadInterval, tokenKeyFile, tokenTtl, basicAuthCacheTtl, tlsCertificate, tlsPrivateKey,
                    tlsKeystore, tlsKeystorePassword, idleTimeout, maxRequestsPerConnection, requestHeaderTimeout,
                    requestBodyTimeout, maxHeaderBytes, workerThreads, selectorThreads, acceptanceProfile,
                    legacyInvalidAnswer);
        }
    }
}
