package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.ServerOption.option;

import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import eu.atmosphere.tmaf.monitor.server.ingest.LegacyInvalidAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every option of {@code monitor-server serve}, defined once: {@code serve --help}, the defaults of
 * {@link ServerConfig.Builder}, the checks of {@link ServerConfig} and the option table of
 * {@code monitor-server/README.md} (kept equal by {@code ServerOptionsTest}) come from here.
 *
 * <pre>{@code
 * for (ServerOption<?> option : ServerOptions.ALL) {
 *     System.out.println(option + " default " + option.defaultText());   // --port (env MONITOR_PORT) default 32025
 * }
 * }</pre>
 */
public final class ServerOptions {

    /** Interface to listen on. */
    public static final ServerOption<String> BIND = option("--bind", ServerOptions::text)
            .env("MONITOR_BIND_ADDRESS").defaultValue("127.0.0.1")
            .rule(value -> !value.isEmpty(), "must name an interface address")
            .description("Interface to listen on; 0.0.0.0 = every interface.").build();

    /** TCP port of the server. */
    public static final ServerOption<Integer> PORT = option("--port", Integer::valueOf)
            .env("MONITOR_PORT").defaultValue("32025")
            .rule(value -> value >= 0 && value <= 65535, "must be 0..65535")
            .description("TCP port; 0 = any free one.").build();

    /** Kafka cluster; empty = the embedded broker. */
    public static final ServerOption<String> KAFKA_BOOTSTRAP_SERVERS = option("--kafka-bootstrap-servers",
            ServerOptions::text)
            .env("KAFKA_BOOTSTRAP_SERVERS").defaultValue("")
            .description("Kafka cluster (host:port,...); empty starts the embedded broker.").build();

    /** Topic of the messages. */
    public static final ServerOption<String> TOPIC = option("--topic", ServerOptions::text)
            .env("MONITOR_TOPIC").defaultValue("topic-monitor")
            .rule(value -> value.matches("[a-zA-Z0-9._-]{1,249}"), "must be 1..249 of a-z A-Z 0-9 . _ -")
            .description("Topic of the messages.").build();

    /** Largest request body. */
    public static final ServerOption<Integer> MAX_BODY_BYTES = option("--max-body-bytes", Integer::valueOf)
            .env("MONITOR_MAX_BODY_BYTES").defaultValue("1048576")
            .rule(value -> value > 0, "must be a positive integer")
            .description("Largest request body after decompression; 413 beyond.").build();

    /** Request bytes held in memory at once. */
    public static final ServerOption<Long> MAX_INFLIGHT_BYTES = option("--max-inflight-bytes", Long::valueOf)
            .env("MONITOR_MAX_INFLIGHT_BYTES").defaultValue("67108864")
            .rule(value -> value > 0, "must be a positive integer")
            .description("Request bytes held at once (being received, checked or awaiting Kafka); 503 beyond; at "
                    + "least --max-body-bytes.").build();

    /** Longest wait for Kafka's acknowledgement. */
    public static final ServerOption<Duration> KAFKA_TIMEOUT_SECONDS = option("--kafka-timeout-seconds",
            ServerOptions::seconds)
            .env("MONITOR_KAFKA_TIMEOUT_SECONDS").defaultValue("10")
            .rule(value -> value.toMillis() >= 1000, "must be at least 1 s")
            .description("Longest wait for Kafka's acknowledgement before a 503.").build();

    /** Retry-After sent with a 503. */
    public static final ServerOption<Duration> RETRY_AFTER_SECONDS = option("--retry-after-seconds",
            ServerOptions::seconds)
            .env("MONITOR_RETRY_AFTER_SECONDS").defaultValue("5")
            .rule(value -> !value.isNegative(), "must not be negative")
            .description("Retry-After sent with a 503.").build();

    /** Idle time before a kept-alive connection is closed. */
    public static final ServerOption<Duration> IDLE_TIMEOUT_SECONDS = option("--idle-timeout-seconds",
            ServerOptions::seconds)
            .env("MONITOR_IDLE_TIMEOUT_SECONDS").defaultValue("30")
            .rule(value -> value.toSeconds() >= 1, "must be at least 1 s")
            .description("Close a kept-alive connection idle this long between requests; must exceed "
                    + "--kafka-timeout-seconds by 5.").build();

    /** Requests per kept-alive connection. */
    public static final ServerOption<Integer> MAX_REQUESTS_PER_CONNECTION = option("--max-requests-per-connection",
            Integer::valueOf)
            .env("MONITOR_MAX_REQUESTS_PER_CONNECTION").defaultValue("1000")
            .rule(value -> value > 0 || value == -1, "must be positive or -1")
            .description("Requests served on one kept-alive connection before it is closed, so load spreads over "
                    + "replicas again; -1 = unlimited.").build();

    /** Longest time to receive a request's headers. */
    public static final ServerOption<Duration> REQUEST_HEADER_TIMEOUT_SECONDS = option(
            "--request-header-timeout-seconds", ServerOptions::seconds)
            .env("MONITOR_REQUEST_HEADER_TIMEOUT_SECONDS").defaultValue("10")
            .rule(value -> value.toMillis() >= 100, "must be at least 100 ms")
            .description("Close a connection whose request headers (from their first byte, TLS handshake included) "
                    + "take longer: slow clients cannot hold connections.").build();

    /** Longest time to receive a request's body. */
    public static final ServerOption<Duration> REQUEST_BODY_TIMEOUT_SECONDS = option("--request-body-timeout-seconds",
            ServerOptions::seconds)
            .env("MONITOR_REQUEST_BODY_TIMEOUT_SECONDS").defaultValue("30")
            .rule(value -> value.toMillis() >= 100, "must be at least 100 ms")
            .description("Answer 408 and close a connection whose request body (after the headers) takes longer; "
                    + "bodies are received without a thread.").build();

    /** Largest request line + headers. */
    public static final ServerOption<Integer> MAX_HEADER_BYTES = option("--max-header-bytes", Integer::valueOf)
            .env("MONITOR_MAX_HEADER_BYTES").defaultValue("8192")
            .rule(value -> value >= 1024, "must be at least 1024")
            .description("Largest request line + headers; 400 beyond.").build();

    /** Request worker threads. */
    public static final ServerOption<Integer> WORKER_THREADS = option("--worker-threads", Integer::valueOf)
            .env("MONITOR_WORKER_THREADS").defaultValue("64")
            .rule(value -> value > 0, "must be a positive integer")
            .description("Threads that parse and validate complete requests; neither a body nor Kafka is awaited "
                    + "with one.").build();

    /** Most messages in one batch. */
    public static final ServerOption<Integer> MAX_BATCH_ITEMS = option("--max-batch-items", Integer::valueOf)
            .env("MONITOR_MAX_BATCH_ITEMS").defaultValue("10000")
            .rule(value -> value > 0, "must be a positive integer")
            .description("Most messages in one batch; 413 beyond (a 1 MiB body holds ~5,000 real messages).").build();

    /** Requests on the open routes handled at once. */
    public static final ServerOption<Integer> OPEN_ROUTE_CONCURRENCY = option("--open-route-concurrency",
            Integer::valueOf)
            .env("MONITOR_OPEN_ROUTE_CONCURRENCY").defaultValue("8")
            .rule(value -> value > 0, "must be a positive integer")
            .description("Requests on the open routes (/monitor/validate, /monitor/auth, /, /schema, /metrics) "
                    + "handled at once; 503 beyond, so they cannot take the workers publishing needs.").build();

    /** Longest time to receive the body of a request on an open route. */
    public static final ServerOption<Duration> OPEN_ROUTE_BODY_TIMEOUT_SECONDS = option(
            "--open-route-body-timeout-seconds", ServerOptions::seconds)
            .env("MONITOR_OPEN_ROUTE_BODY_TIMEOUT_SECONDS").defaultValue("10")
            .rule(value -> value.toMillis() >= 100, "must be at least 100 ms")
            .description("Longest time for the body of a request on an open route (the body rate an anonymous "
                    + "client must keep; 408 beyond).").build();

    /** Non-blocking I/O threads. */
    public static final ServerOption<Integer> SELECTOR_THREADS = option("--selector-threads",
            ServerOptions::perProcessorIfZero)
            .env("MONITOR_SELECTOR_THREADS").defaultValue("0")
            .rule(value -> value > 0, "must be 0 (one per processor) or a positive integer")
            .description("Non-blocking I/O threads; 0 = one per processor.").build();

    /** Anonymous publishing on a non-loopback interface. */
    public static final ServerOption<Boolean> ALLOW_ANONYMOUS = option("--allow-anonymous", ServerOptions::bool)
            .env("MONITOR_ALLOW_ANONYMOUS").defaultValue("false").flag()
            .expects("must be true or false")
            .description("Accept unauthenticated messages on a non-loopback interface; only without "
                    + "--credentials-file.").build();

    /** Probe credentials file. */
    public static final ServerOption<Path> CREDENTIALS_FILE = option("--credentials-file", ServerOptions::path)
            .env("MONITOR_CREDENTIALS_FILE")
            .description("Probe credentials (probe id -> salted slow hash), managed with `probes add|remove|list`. "
                    + "With it every message needs credentials; without it the server runs in anonymous mode "
                    + "(loopback or --allow-anonymous only). Re-read when it changes; refused if readable by "
                    + "everyone.").build();

    /** Token signing keys. */
    public static final ServerOption<Path> TOKEN_KEY_FILE = option("--token-key-file", ServerOptions::path)
            .env("MONITOR_TOKEN_KEY_FILE")
            .description("Keys that sign bearer tokens, one line of >= 32 characters each, the first signs "
                    + "(e.g. `openssl rand -base64 48`). Empty: a key generated at start, so tokens die with the "
                    + "process; with several replicas all must share this file, e.g. from one Kubernetes "
                    + "Secret.").build();

    /** Lifetime of issued tokens. */
    public static final ServerOption<Duration> TOKEN_TTL_SECONDS = option("--token-ttl-seconds", ServerOptions::seconds)
            .env("MONITOR_TOKEN_TTL_SECONDS").defaultValue("900")
            .rule(value -> value.toSeconds() >= 1 && value.compareTo(Duration.ofDays(1)) <= 0, "must be 1 s .. 1 day")
            .description("Lifetime of tokens issued by POST /monitor/auth.").build();

    /** How long a verified Basic secret is remembered. */
    public static final ServerOption<Duration> BASIC_AUTH_CACHE_SECONDS = option("--basic-auth-cache-seconds",
            ServerOptions::seconds)
            .env("MONITOR_BASIC_AUTH_CACHE_SECONDS").defaultValue("120")
            .rule(value -> !value.isNegative(), "must not be negative")
            .description("How long, unused, a secret verified for HTTP Basic is remembered (in memory, never written "
                    + "or logged; verified again at least hourly), so the slow hash is not paid per message; 0 = never "
                    + "(the secret is then not held in memory beyond its request).").build();

    /** How often credentials and TLS files are checked. */
    public static final ServerOption<Duration> RELOAD_INTERVAL_SECONDS = option("--reload-interval-seconds",
            ServerOptions::seconds)
            .env("MONITOR_RELOAD_INTERVAL_SECONDS").defaultValue("10")
            .rule(value -> !value.isNegative(), "must not be negative")
            .description("How often the credentials and TLS files are checked for changes; 0 = never.").build();

    /** PEM certificate chain. */
    public static final ServerOption<Path> TLS_CERT = option("--tls-cert", ServerOptions::path)
            .env("MONITOR_TLS_CERT")
            .description("PEM certificate chain, server certificate first; with --tls-key serves HTTPS only "
                    + "(TLS 1.2/1.3). Without TLS material: plain HTTP.").build();

    /** PEM private key. */
    public static final ServerOption<Path> TLS_KEY = option("--tls-key", ServerOptions::path)
            .env("MONITOR_TLS_KEY")
            .description("PEM private key of --tls-cert, PKCS#8 (BEGIN PRIVATE KEY; RSA, EC) or PKCS#1 RSA, "
                    + "unencrypted.").build();

    /** PKCS#12 keystore. */
    public static final ServerOption<Path> TLS_KEYSTORE = option("--tls-keystore", ServerOptions::path)
            .env("MONITOR_TLS_KEYSTORE")
            .description("PKCS#12 keystore with the server key and chain, instead of --tls-cert/--tls-key.").build();

    /** The keystore's password. */
    public static final ServerOption<String> TLS_KEYSTORE_PASSWORD = option("--tls-keystore-password",
            ServerOptions::textOrNull)
            .env("MONITOR_TLS_KEYSTORE_PASSWORD").secret()
            .description("Password of --tls-keystore; prefer the environment variable or the file, a command line "
                    + "is visible to other users.").build();

    /** File holding the keystore's password. */
    public static final ServerOption<Path> TLS_KEYSTORE_PASSWORD_FILE = option("--tls-keystore-password-file",
            ServerOptions::path)
            .env("MONITOR_TLS_KEYSTORE_PASSWORD_FILE")
            .description("File holding the password of --tls-keystore (first line).").build();

    /** Data directory of the embedded broker. */
    public static final ServerOption<Path> EMBEDDED_KAFKA_DIR = option("--embedded-kafka-dir", ServerOptions::path)
            .env("MONITOR_EMBEDDED_KAFKA_DIR").defaultValue("data/kafka")
            .rule(value -> !value.toString().isEmpty(), "must be a directory path")
            .description("Data directory of the embedded broker.").build();

    /** Port of the embedded broker. */
    public static final ServerOption<Integer> EMBEDDED_KAFKA_PORT = option("--embedded-kafka-port", Integer::valueOf)
            .env("MONITOR_EMBEDDED_KAFKA_PORT").defaultValue("9092")
            .rule(value -> value > 0 && value <= 65535, "must be 1..65535")
            .description("Port of the embedded broker on 127.0.0.1.").build();

    /** Partitions of the topic the embedded broker creates. */
    public static final ServerOption<Integer> EMBEDDED_KAFKA_PARTITIONS = option("--embedded-kafka-partitions",
            Integer::valueOf)
            .env("MONITOR_TOPIC_PARTITIONS").defaultValue("3")
            .rule(value -> value > 0, "must be a positive integer")
            .description("Partitions of the topic the embedded broker creates.").build();

    /** Longest shutdown before the process halts. */
    public static final ServerOption<Duration> SHUTDOWN_TIMEOUT_SECONDS = option("--shutdown-timeout-seconds",
            ServerOptions::seconds)
            .env("MONITOR_SHUTDOWN_TIMEOUT_SECONDS").defaultValue("30")
            .rule(value -> value.toSeconds() >= 1, "must be at least 1 s")
            .description("On SIGTERM, in-flight requests are finished, the producer flushed and the embedded broker "
                    + "stopped; if that takes longer, the process halts (exit status 1).").build();

    /** Stack traces for start-up problems. */
    public static final ServerOption<Boolean> VERBOSE = option("--verbose", ServerOptions::bool)
            .env("MONITOR_VERBOSE").defaultValue("false").flag()
            .expects("must be true or false")
            .description("Print the stack trace of a start-up problem, not only its one-line explanation.").build();

    /** Which part of schema v0.4's value range is accepted. */
    public static final ServerOption<AcceptanceProfile> ACCEPTANCE_PROFILE = option("--acceptance-profile",
            AcceptanceProfile::parse)
            .env("MONITOR_ACCEPTANCE_PROFILE").defaultValue(AcceptanceProfile.DEFAULT.id())
            .description("Which values are accepted: knowledge-base = what the TMA knowledge base stores without "
                    + "corruption (probeId, resourceId, descriptionId <= 2147483647, observation time 1..2147483647 "
                    + "epoch seconds); full-64bit = schema v0.4's whole 64-bit range. GET /schema serves the "
                    + "profile's schema.").build();

    /** Who gets an invalid message answered as the original monitor did. */
    public static final ServerOption<LegacyInvalidAnswer> LEGACY_INVALID_ANSWER = option("--legacy-invalid-answer",
            LegacyInvalidAnswer::parse)
            .env("MONITOR_LEGACY_INVALID_ANSWER").defaultValue(LegacyInvalidAnswer.OFF.id())
            .description("Migration aid: original-client answers an invalid message of the original Java library "
                    + "(User-Agent Jersey/2.x) as the original monitor did, 200 + its error text, so its sender "
                    + "thread keeps running; nothing is stored, it is counted as rejected and logged. off = 400 for "
                    + "every client.").build();

    /** Every option, in the order of {@code serve --help}. */
    public static final List<ServerOption<?>> ALL = List.of(BIND, PORT, KAFKA_BOOTSTRAP_SERVERS, TOPIC, MAX_BODY_BYTES,
            MAX_INFLIGHT_BYTES, KAFKA_TIMEOUT_SECONDS, RETRY_AFTER_SECONDS, IDLE_TIMEOUT_SECONDS,
            MAX_REQUESTS_PER_CONNECTION, REQUEST_HEADER_TIMEOUT_SECONDS, REQUEST_BODY_TIMEOUT_SECONDS, MAX_HEADER_BYTES,
            WORKER_THREADS, SELECTOR_THREADS, MAX_BATCH_ITEMS, OPEN_ROUTE_CONCURRENCY, OPEN_ROUTE_BODY_TIMEOUT_SECONDS,
            ALLOW_ANONYMOUS, CREDENTIALS_FILE, TOKEN_KEY_FILE, TOKEN_TTL_SECONDS,
            BASIC_AUTH_CACHE_SECONDS, RELOAD_INTERVAL_SECONDS, TLS_CERT, TLS_KEY, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD,
            TLS_KEYSTORE_PASSWORD_FILE, EMBEDDED_KAFKA_DIR, EMBEDDED_KAFKA_PORT, EMBEDDED_KAFKA_PARTITIONS,
            SHUTDOWN_TIMEOUT_SECONDS, VERBOSE, ACCEPTANCE_PROFILE, LEGACY_INVALID_ANSWER);

    private ServerOptions() {
    }

    private static String text(String value) {
        return value;
    }

    private static String textOrNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static Path path(String value) {
        return value.isEmpty() ? null : Path.of(value);
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static int perProcessorIfZero(String value) {
        int count = Integer.parseInt(value);
        return count == 0 ? Runtime.getRuntime().availableProcessors() : count;
    }

    private static boolean bool(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("not a boolean: " + value);
    }
}
