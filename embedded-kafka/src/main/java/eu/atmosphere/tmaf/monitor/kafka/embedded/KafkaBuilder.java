package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings that {@link EmbeddedKafkaBroker.Builder} and {@link EmbeddedKafkaCluster.Builder} share: data
 * directory, broker properties and startup timeout. Every setting is optional.
 *
 * <pre>{@code
 * EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(Path.of("kafka-data"))
 *         .property("log.retention.hours", "1").startupTimeout(Duration.ofSeconds(90)).build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class KafkaBuilder<B extends KafkaBuilder<B>> {

    Path dataDirectory;
    Duration startupTimeout = Duration.ofSeconds(60);
    final Map<String, String> properties = new LinkedHashMap<>();

    KafkaBuilder() {
    }

    /** @return this builder as its concrete type */
    abstract B self();

    /**
     * Keeps the data in {@code directory} (created if missing; a cluster keeps one {@code node-<id>} directory
     * per node in it) instead of a temporary directory, and does not delete it on close.
     */
    public B dataDirectory(Path directory) {
        this.dataDirectory = Objects.requireNonNull(directory, "directory");
        return self();
    }

    /**
     * Sets any Kafka broker property (e.g. {@code log.retention.hours}), on every node; wins over the defaults.
     * Listener and quorum settings are derived from the ports and should not be overridden.
     */
    public B property(String key, String value) {
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /** How long starting and topic creation may take before they fail, 60 s by default. */
    public B startupTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive: " + timeout);
        }
        this.startupTimeout = timeout;
        return self();
    }
}
