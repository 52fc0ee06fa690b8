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
    final Map<String, String> listeners = new LinkedHashMap<>();

    KafkaBuilder() {
    }

    /** @return this builder as its concrete type: {@code B} is the class that extends this one */
    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

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

    /**
     * Adds a client listener on 127.0.0.1 (a free port per node, picked on the first start) with its own
     * security protocol, besides the plaintext one of {@code bootstrapServers()}, which stays for
     * administration (topic creation, SCRAM users); {@code bootstrapServers(name)} gives its addresses.
     * Its settings are broker properties, per listener with Kafka's {@code listener.name.<name in lower
     * case>.} prefix:
     *
     * <pre>{@code
     * EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder()
     *         .listener("SASL", "SASL_SSL")
     *         .property("listener.name.sasl.sasl.enabled.mechanisms", "SCRAM-SHA-512")
     *         .property("listener.name.sasl.scram-sha-512.sasl.jaas.config",
     *                 "org.apache.kafka.common.security.scram.ScramLoginModule required;")
     *         .property("ssl.keystore.location", "/path/broker.p12")
     *         .property("ssl.keystore.password", "...")
     *         .build();
     * kafka.start();
     * String sasl = kafka.bootstrapServers("SASL");   // "127.0.0.1:PORT"
     * }</pre>
     *
     * @param name             listener name, upper case letters, digits and {@code _}; not
     *                         {@code PLAINTEXT} or {@code CONTROLLER}
     * @param securityProtocol {@code SSL}, {@code SASL_SSL}, {@code SASL_PLAINTEXT} or {@code PLAINTEXT}
     */
    public B listener(String name, String securityProtocol) {
        ServerProperties.checkListener(name, securityProtocol);
        listeners.put(name, securityProtocol);
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

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming the setting if {@code value} is outside {@code min..max}
     */
    static int inRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be "
                    + (max == Integer.MAX_VALUE ? "at least " + min : "in " + min + ".." + max) + ": " + value);
        }
        return value;
    }
}
