package eu.atmosphere.tmaf.monitor.client;

import java.nio.file.Paths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link BackgroundClient} or {@link SynchronousClient} can be told. Defaults come
 * from environment variables so that {@code new BackgroundClient()} is useful in a container:
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><th>variable</th><th>builder method</th><th>when unset</th></tr>
 * <tr><td>{@code TMA_MONITOR_URL}</td><td>{@link Builder#endpoint}</td><td>{@code http://127.0.0.1:32025}</td></tr>
 * <tr><td>{@code TMA_PROBE_ID}</td><td>{@link Builder#probeId}</td><td>no probe id until {@code authenticate}</td></tr>
 * <tr><td>{@code TMA_PROBE_SECRET}</td><td>{@link Builder#credentials}</td><td>anonymous</td></tr>
 * <tr><td>{@code TMA_PROBE_SECRET_FILE}</td><td>{@link Builder#credentials} (file content, one trailing newline removed)</td><td>anonymous</td></tr>
 * <tr><td>{@code TMA_CA_FILE}</td><td>{@link Builder#caFile}</td><td>system trust store only</td></tr>
 * <tr><td>{@code TMA_SPOOL_DIR}</td><td>{@link Builder#spoolDirectory}</td><td>memory queue only</td></tr>
 * <tr><td>{@code TMA_FULL_64BIT_RANGE}</td><td>{@link Builder#full64BitRange} ({@code true})</td><td>the knowledge
 * base's range: ids up to 2,147,483,647, times 1 to 2,147,483,647</td></tr>
 * <tr><td>{@code TMA_AUTH_RETRY_WINDOW_SECONDS}</td><td>{@link Builder#authRetryWindow}</td><td>60 s</td></tr>
 * </table>
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()              // starts from the environment
 *         .endpoint("https://monitor.example:32025")
 *         .credentials(1098, "pass".getBytes(StandardCharsets.UTF_8))
 *         .caFile(Paths.get("/etc/tma/ca.pem"))
 *         .spoolDirectory(Paths.get("/var/spool/tma-probe"))
 *         .batchSize(500).linger(Duration.ofMillis(100)).gzip(true)
 *         .rejectionListener(r -> log.error("refused: {}", r.violations()))
 *         .build();
 * BackgroundClient client = new BackgroundClient(config);
 * }</pre>
 */
public final class ClientConfig {

    /** Base URL of the monitor, or its {@code /monitor} resource. */
    public static final String ENV_URL = "TMA_MONITOR_URL";
    /** The probe's id. */
    public static final String ENV_PROBE_ID = "TMA_PROBE_ID";
    /** The probe's secret (UTF-8); needs {@code TMA_PROBE_ID}. */
    public static final String ENV_PROBE_SECRET = "TMA_PROBE_SECRET";
    /** A file holding the probe's secret, e.g. a mounted Kubernetes Secret; needs {@code TMA_PROBE_ID}. */
    public static final String ENV_PROBE_SECRET_FILE = "TMA_PROBE_SECRET_FILE";
    /** A PEM file of CA certificates trusted in addition to the system trust store. */
    public static final String ENV_CA_FILE = "TMA_CA_FILE";
    /** A directory for the on-disk spool. */
    public static final String ENV_SPOOL_DIR = "TMA_SPOOL_DIR";
    /** {@code true} to send ids and times beyond the knowledge base's 32-bit range (see {@link Builder#full64BitRange}). */
    public static final String ENV_FULL_64BIT_RANGE = "TMA_FULL_64BIT_RANGE";
    /** Seconds during which the monitor's 401 is retried, not final (see {@link Builder#authRetryWindow}). */
    public static final String ENV_AUTH_RETRY_WINDOW_SECONDS = "TMA_AUTH_RETRY_WINDOW_SECONDS";

    /** Sentinel of {@link #probeId()} when no probe id is configured. */
    static final long NO_PROBE = -1;

    private final Endpoint endpoint;
    private final long probeId;
    private final byte[] secret;
    private final Path caFile;
    private final boolean insecureTrustAll;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int batchSize;
    private final int maxBatchBytes;
    private final Duration linger;
    private final boolean gzip;
    private final int queueCapacity;
    private final OverflowPolicy overflowPolicy;
    private final Duration blockTimeout;
    private final Path spoolDirectory;
    private final long spoolMaxBytes;
    private final Duration spoolFsyncInterval;
    private final RetryPolicy retryPolicy;
    private final Duration drainTimeout;
    private final RejectionListener rejectionListener;
    private final ReceiptListener receiptListener;
    private final Duration authRetryWindow;
    private final boolean full64BitRange;

    private ClientConfig(Builder b) {
        endpoint = Endpoint.parse(b.endpoint);
        probeId = b.probeId;
        secret = b.secret == null ? null : b.secret.clone();
        caFile = b.caFile;
        insecureTrustAll = b.insecureTrustAll;
        connectTimeout = b.connectTimeout;
        requestTimeout = b.requestTimeout;
        batchSize = b.batchSize;
        maxBatchBytes = b.maxBatchBytes;
        linger = b.linger;
        gzip = b.gzip;
        queueCapacity = b.queueCapacity;
        overflowPolicy = b.overflowPolicy;
        blockTimeout = b.blockTimeout;
        spoolDirectory = b.spoolDirectory;
        spoolMaxBytes = b.spoolMaxBytes;
        spoolFsyncInterval = b.spoolFsyncInterval;
        retryPolicy = b.retryPolicy;
        drainTimeout = b.drainTimeout;
        rejectionListener = b.rejectionListener;
        receiptListener = b.receiptListener;
        authRetryWindow = b.authRetryWindow;
        full64BitRange = b.full64BitRange;
    }

    /** @return a builder holding the defaults, taken from the environment variables */
    public static Builder builder() {
        return new Builder(System.getenv());
    }

    /** @return the configuration given by the environment variables alone */
    public static ClientConfig fromEnvironment() {
        return builder().build();
    }

    static Builder builder(Map<String, String> environment) {
        return new Builder(environment);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    long probeId() {
        return probeId;
    }

    byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    Path caFile() {
        return caFile;
    }

    boolean insecureTrustAll() {
        return insecureTrustAll;
    }

    boolean full64BitRange() {
        return full64BitRange;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    int batchSize() {
        return batchSize;
    }

    int maxBatchBytes() {
        return maxBatchBytes;
    }

    Duration linger() {
        return linger;
    }

    boolean gzip() {
        return gzip;
    }

    int queueCapacity() {
        return queueCapacity;
    }

    OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    Duration blockTimeout() {
        return blockTimeout;
    }

    Path spoolDirectory() {
        return spoolDirectory;
    }

    long spoolMaxBytes() {
        return spoolMaxBytes;
    }

    Duration spoolFsyncInterval() {
        return spoolFsyncInterval;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    Duration drainTimeout() {
        return drainTimeout;
    }

    RejectionListener rejectionListener() {
        return rejectionListener;
    }

    ReceiptListener receiptListener() {
        return receiptListener;
    }

    Duration authRetryWindow() {
        return authRetryWindow;
    }

    @Override
    public String toString() {
        return "ClientConfig{endpoint=" + endpoint + ", probeId=" + (probeId == NO_PROBE ? "none" : probeId)
                + ", secret=" + (secret == null ? "none" : "***") + ", caFile=" + caFile
                + ", insecureTrustAll=" + insecureTrustAll + ", batchSize=" + batchSize + ", linger=" + linger
                + ", gzip=" + gzip + ", queueCapacity=" + queueCapacity + ", overflowPolicy=" + overflowPolicy
                + ", spoolDirectory=" + spoolDirectory + '}';
    }

    /** Builds a {@link ClientConfig}; every setter returns the builder. Not thread-safe. */
    public static final class Builder {

        private String endpoint = Endpoint.DEFAULT_URL;
        private long probeId = NO_PROBE;
        private byte[] secret;
        private Path caFile;
        private boolean insecureTrustAll;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int batchSize = 500;
        private int maxBatchBytes = 512 * 1024;
        private Duration linger = Duration.ofMillis(100);
        private boolean gzip;
        private int queueCapacity = 10_000;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;
        private Duration blockTimeout = Duration.ofSeconds(1);
        private Path spoolDirectory;
        private long spoolMaxBytes = 256L << 20;
        private Duration spoolFsyncInterval = Duration.ofSeconds(1);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration drainTimeout = Duration.ofSeconds(5);
        private RejectionListener rejectionListener = rejection -> { };
        private ReceiptListener receiptListener = receipt -> { };
        private Duration authRetryWindow = Duration.ofSeconds(60);
        private boolean full64BitRange;

        private Builder(Map<String, String> env) {
            String url = env.get(ENV_URL);
            if (url != null && !url.trim().isEmpty()) {
                endpoint = url;
            }
            String id = env.get(ENV_PROBE_ID);
            if (id != null && !id.trim().isEmpty()) {
                probeId = parseProbeId(id.trim());
            }
            String secretText = env.get(ENV_PROBE_SECRET);
            String secretFile = env.get(ENV_PROBE_SECRET_FILE);
            if (secretText != null && !secretText.isEmpty()) {
                secret = secretText.getBytes(StandardCharsets.UTF_8);
            } else if (secretFile != null && !secretFile.trim().isEmpty()) {
                secret = readSecretFile(Paths.get(secretFile));
            }
            String ca = env.get(ENV_CA_FILE);
            if (ca != null && !ca.trim().isEmpty()) {
                caFile = Paths.get(ca);
            }
            full64BitRange = Boolean.parseBoolean(env.get(ENV_FULL_64BIT_RANGE));
            String authRetry = env.get(ENV_AUTH_RETRY_WINDOW_SECONDS);
            if (authRetry != null && !authRetry.trim().isEmpty()) {
                authRetryWindow = parseSeconds(ENV_AUTH_RETRY_WINDOW_SECONDS, authRetry.trim());
            }
            String spool = env.get(ENV_SPOOL_DIR);
            if (spool != null && !spool.trim().isEmpty()) {
                spoolDirectory = Paths.get(spool);
            }
        }

        private static long parseProbeId(String text) {
            try {
                return requireNonNegative(Long.parseLong(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV_PROBE_ID + " must be an integer >= 0: " + text, e);
            }
        }

        private static Duration parseSeconds(String variable, String text) {
            try {
                return requireNonNegative(Duration.ofSeconds(Long.parseLong(text)), variable);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(variable + " must be a number of seconds >= 0: " + text, e);
            }
        }

        private static byte[] readSecretFile(Path file) {
            try {
                byte[] content = Files.readAllBytes(file);
                int length = content.length;
                if (length > 0 && content[length - 1] == '\n') {
                    length--;
                }
                if (length > 0 && content[length - 1] == '\r') {
                    length--;
                }
                return Arrays.copyOf(content, length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret file " + file, e);
            }
        }

        /**
         * @param url the monitor's base URL or its {@code /monitor} resource, {@code http} or {@code https}
         * @return this builder
         */
        public Builder endpoint(String url) {
            Endpoint.parse(url);
            this.endpoint = url;
            return this;
        }

        /**
         * Sets the probe id stamped on messages by {@link MonitorClient#createMessage()}, for a monitor
         * in anonymous mode; clears any secret.
         *
         * @param probeId the probe id, at least 0
         * @return this builder
         */
        public Builder probeId(long probeId) {
            this.probeId = requireNonNegative(probeId);
            this.secret = null;
            return this;
        }

        /**
         * Authenticates as this probe (same as calling {@link MonitorClient#authenticate} after
         * construction, but without contacting the monitor until the first request).
         *
         * @param probeId the probe id, at least 0
         * @param secret  the probe's secret; copied
         * @return this builder
         */
        public Builder credentials(long probeId, byte[] secret) {
            this.probeId = requireNonNegative(probeId);
            this.secret = Objects.requireNonNull(secret, "secret").clone();
            return this;
        }

        /**
         * Authenticates as this probe with the secret stored in a file, e.g. a mounted Kubernetes
         * Secret (as {@code TMA_PROBE_SECRET_FILE} does).
         *
         * @param probeId    the probe id, at least 0
         * @param secretFile file holding the secret; one trailing line break is not part of it
         * @return this builder
         * @throws UncheckedIOException if the file cannot be read
         */
        public Builder credentials(long probeId, Path secretFile) {
            return credentials(probeId, readSecretFile(secretFile));
        }

        /**
         * @param pemFile PEM file with the CA certificate(s) of a private CA, trusted in addition to the
         *                system trust store; {@code null} for the system trust store only
         * @return this builder
         */
        public Builder caFile(Path pemFile) {
            this.caFile = pemFile;
            return this;
        }

        /**
         * Turns certificate and host name verification off for this client only (never for the rest
         * of the JVM). For development against self-signed servers; logged as a warning.
         *
         * @param trustAll {@code true} to accept any server certificate
         * @return this builder
         */
        public Builder insecureTrustAll(boolean trustAll) {
            this.insecureTrustAll = trustAll;
            return this;
        }

        /**
         * @param timeout how long to wait for a TCP/TLS connection (default 5 s)
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /**
         * @param timeout how long to wait for a response (default 30 s)
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout, "requestTimeout");
            return this;
        }

        /**
         * @param messages most messages per request of a {@link BackgroundClient} (default 500)
         * @return this builder
         */
        public Builder batchSize(int messages) {
            this.batchSize = requirePositive(messages, "batchSize");
            return this;
        }

        /**
         * @param bytes most uncompressed JSON bytes per request; a single larger message is still sent
         *              alone (default 512 KiB, half the monitor's default body limit)
         * @return this builder
         */
        public Builder maxBatchBytes(int bytes) {
            this.maxBatchBytes = requirePositive(bytes, "maxBatchBytes");
            return this;
        }

        /**
         * @param linger how long a {@link BackgroundClient} waits for more messages to fill a batch
         *               (default 100 ms; zero sends whatever is there)
         * @return this builder
         */
        public Builder linger(Duration linger) {
            this.linger = requireNonNegative(linger, "linger");
            return this;
        }

        /**
         * @param gzip compress request bodies ({@code Content-Encoding: gzip}; default off)
         * @return this builder
         */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * @param messages how many messages a {@link BackgroundClient} without spool holds in memory
         *                 (default 10,000); see {@link OverflowPolicy}
         * @return this builder
         */
        public Builder queueCapacity(int messages) {
            this.queueCapacity = requirePositive(messages, "queueCapacity");
            return this;
        }

        /**
         * @param policy what {@code send} does when the backlog is full (default
         *               {@link OverflowPolicy#DROP_NEWEST})
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param timeout longest wait of {@code send} under {@link OverflowPolicy#BLOCK} (default 1 s)
         * @return this builder
         */
        public Builder blockTimeout(Duration timeout) {
            this.blockTimeout = requireNonNegative(timeout, "blockTimeout");
            return this;
        }

        /**
         * Makes a {@link BackgroundClient} keep its backlog on disk instead of in memory: every message
         * accepted by {@code send} has been written to a segment file before {@code send} returns, so
         * it survives the probe process being killed and is sent after the next start. Only one client
         * (in any process) may use a directory at a time.
         *
         * @param directory the spool directory, created if missing; {@code null} for memory only
         * @return this builder
         */
        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = directory;
            return this;
        }

        /**
         * @param bytes most disk space the spool may use (default 256 MiB); see {@link OverflowPolicy}
         * @return this builder
         */
        public Builder spoolMaxBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("spoolMaxBytes must be positive");
            }
            this.spoolMaxBytes = bytes;
            return this;
        }

        /**
         * How often spool writes are forced to the storage device ({@code fsync}). A killed process
         * loses nothing regardless (writes reach the operating system before {@code send} returns);
         * this bounds what a machine crash or power loss can lose. Zero forces every write (slow).
         *
         * @param interval the fsync interval (default 1 s)
         * @return this builder
         */
        public Builder spoolFsyncInterval(Duration interval) {
            this.spoolFsyncInterval = requireNonNegative(interval, "spoolFsyncInterval");
            return this;
        }

        /**
         * @param policy how failed requests are retried (default {@link RetryPolicy#DEFAULT})
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param timeout how long {@link BackgroundClient#stop()} and the JVM shutdown hook keep
         *                delivering the backlog (default 5 s)
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = requireNonNegative(timeout, "drainTimeout");
            return this;
        }

        /**
         * @param listener told about every message refused for good, by the monitor or by {@code send} itself
         *                 (default: none; every refusal is also logged and counted)
         * @return this builder
         */
        public Builder rejectionListener(RejectionListener listener) {
            this.rejectionListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param listener told about every message the monitor stored, with the Kafka partition and offset of its
         *                 record (default: none; {@link ClientStats#receipts()} counts them)
         * @return this builder
         */
        public Builder receiptListener(ReceiptListener listener) {
            this.receiptListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How long the monitor's 401 ("unknown probe or wrong secret") is not taken as final. A probe started
         * just before its registration ({@code probes add}) reached every monitor replica, or during a secret
         * or token key change, gets 401s for a few seconds: within this window, counted from the first 401
         * after the last accepted request, its messages are kept and retried with backoff (logged at WARN);
         * after it they are refused (the {@link RejectionListener}, {@link ClientStats#rejected()}) until a
         * request is accepted again. Zero makes every 401 final at once.
         *
         * @param window the window (default 60 s)
         * @return this builder
         */
        public Builder authRetryWindow(Duration window) {
            this.authRetryWindow = requireNonNegative(window, "authRetryWindow");
            return this;
        }

        /**
         * Which values {@code send} accepts. By default those the TMA knowledge base stores without
         * corruption, as the monitor's default acceptance profile: {@code probeId}, {@code resourceId} and
         * {@code descriptionId} from 0 to 2,147,483,647, observation {@code time} from 1 to 2,147,483,647
         * epoch seconds. {@code true} allows the full range of schema v0.4 (0 to 2^63-1), for a monitor
         * that runs with its 64-bit acceptance option because its consumers read 64-bit values.
         *
         * @param full64BitRange whether to allow the 64-bit range
         * @return this builder
         */
        public Builder full64BitRange(boolean full64BitRange) {
            this.full64BitRange = full64BitRange;
            return this;
        }

        /** @return the configuration */
        public ClientConfig build() {
            return new ClientConfig(this);
        }

        private static long requireNonNegative(long probeId) {
            if (probeId < 0) {
                throw new IllegalArgumentException("probeId must be >= 0");
            }
            return probeId;
        }

        private static int requirePositive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            if (requireNonNegative(value, name).isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static Duration requireNonNegative(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return value;
        }
    }
}
