package eu.atmosphere.tmaf.monitor.server;

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
        boolean anonymousOnPublicInterface) {

    /** The port of the original monitor ({@code https://HOST:32025/monitor}). */
    public static final int DEFAULT_PORT = 32025;
    /** The topic the downstream consumers read. */
    public static final String DEFAULT_TOPIC = "topic-monitor";
    /** 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

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

        /** @return the configuration */
        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, kafkaBootstrapServers, topic, maxBodyBytes,
                    maxInFlightBytes, kafkaTimeout, retryAfter, anonymousOnPublicInterface);
        }
    }
}
