package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real Apache Kafka broker (KRaft combined mode: broker and controller in one node) running
 * inside this JVM and listening on 127.0.0.1 only.
 *
 * <p>The storage directory is formatted on the first start only: when it already holds a
 * {@code meta.properties}, it is reused, so topics and records survive a {@link #restart()} and
 * a new JVM pointed at the same {@link Builder#dataDirectory(Path) data directory}. Without a
 * data directory the broker uses a temporary one and deletes it on {@link #close()}.
 *
 * <p>Defaults fit one broker: every replication factor and {@code min.insync.replicas} is 1,
 * new topics get one partition, {@code group.initial.rebalance.delay.ms=0}, and
 * {@code auto.create.topics.enable=false}, so topics must be created with
 * {@link #createTopic(String, int)} (a mistyped topic name fails instead of silently creating a
 * topic). {@link Builder#property(String, String)} overrides any broker setting.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder()
 *         .dataDirectory(Path.of("data/kafka"))   // omit for a temporary directory
 *         .port(9092)                              // 0 (the default) picks a free port
 *         .build()) {
 *     kafka.start();                               // returns once the broker answers clients
 *     kafka.createTopic("topic-monitor", 1);       // idempotent
 *     String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:9092"
 *     ...
 *     kafka.restart();                             // same ports, same data
 * }
 * }</pre>
 *
 * <p>Ports picked for 0 are chosen on the first {@link #start()} and kept by every later start.
 * The methods are thread-safe.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final KRaftCluster cluster;
    private final int nodeId;

    private EmbeddedKafkaBroker(Builder builder) {
        DataDirectory directory = DataDirectory.of(builder.dataDirectory);
        this.nodeId = builder.nodeId;
        this.cluster = new KRaftCluster(
                List.of(new KRaftCluster.NodeSpec(builder.nodeId, directory.path(), builder.port, builder.controllerPort)),
                directory, builder.listeners, builder.properties, builder.startupTimeout);
    }

    /** @return a builder with the defaults: temporary data directory, free ports, node id 1 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it was never formatted, starts the broker and waits until it
     * answers an Admin client's {@code describeCluster}. Does nothing if it is running already.
     *
     * @throws EmbeddedKafkaException if the broker does not come up within the startup timeout;
     *                                nothing is left running then
     * @throws IllegalStateException  if the broker was closed
     */
    public void start() {
        cluster.start();
    }

    /** Shuts the broker down cleanly (data stays). Does nothing if it is not running. */
    public void stop() {
        cluster.stop();
    }

    /** {@link #stop()} then {@link #start()}: the same ports and data directory. */
    public void restart() {
        cluster.restart();
    }

    /** @return whether the broker is running (started and not stopped) */
    public boolean isRunning() {
        return cluster.isRunning(nodeId);
    }

    /**
     * Stops the broker and deletes the data directory if it is a temporary one. A closed broker
     * cannot be started again.
     */
    @Override
    public void close() {
        cluster.close();
    }

    /**
     * @return {@code 127.0.0.1:PORT}, the value for a client's {@code bootstrap.servers}; stays
     *         the same while the broker is stopped and after a restart
     * @throws IllegalStateException if the broker was never started (its port is not chosen yet)
     */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * @param listener the name of a listener added with {@link Builder#listener(String, String)}
     * @return {@code 127.0.0.1:PORT} of that listener
     * @throws IllegalStateException    if the broker was never started
     * @throws IllegalArgumentException if there is no such listener
     */
    public String bootstrapServers(String listener) {
        return cluster.bootstrapServers(listener);
    }

    /**
     * @return the port clients connect to
     * @throws IllegalStateException if the broker was never started
     */
    public int port() {
        return cluster.addresses().get(0).brokerPort();
    }

    /**
     * @return the port of the KRaft controller listener
     * @throws IllegalStateException if the broker was never started
     */
    public int controllerPort() {
        return cluster.addresses().get(0).controllerPort();
    }

    /** @return the broker's {@code node.id} */
    public int nodeId() {
        return nodeId;
    }

    /** @return the directory holding the broker's logs and {@code meta.properties} */
    public Path dataDirectory() {
        return cluster.dataDirectory();
    }

    /**
     * Creates a topic (replication factor 1), or does nothing if a topic of that name exists,
     * whatever its partition count. Returns once every partition has a leader.
     *
     * @throws IllegalStateException  if the broker is not running
     * @throws EmbeddedKafkaException if Kafka refuses the topic (e.g. an invalid name)
     */
    public void createTopic(String name, int partitions) {
        cluster.createTopic(name, partitions);
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[node " + nodeId + ", " + dataDirectory() + (isRunning() ? ", running" : "") + "]";
    }

    /** Configures an {@link EmbeddedKafkaBroker}; every setting is optional. */
    public static final class Builder {

        private Path dataDirectory;
        private int port;
        private int controllerPort;
        private int nodeId = 1;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> listeners = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a client listener on 127.0.0.1 (a free port, picked on the first start) with its own
         * security protocol, besides the plaintext one of {@link EmbeddedKafkaBroker#bootstrapServers()},
         * which stays for administration (topic creation, SCRAM users). Its settings are broker
         * properties, per listener with Kafka's {@code listener.name.<name in lower case>.} prefix:
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
        public Builder listener(String name, String securityProtocol) {
            ServerProperties.checkListener(name, securityProtocol);
            listeners.put(name, securityProtocol);
            return this;
        }

        /**
         * Keeps the broker's data in {@code directory} (created if missing) instead of a
         * temporary directory, and does not delete it on close.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one on the first start. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** The broker's {@code node.id}, 1 by default. */
        public Builder nodeId(int nodeId) {
            if (nodeId < 0) {
                throw new IllegalArgumentException("nodeId must be >= 0: " + nodeId);
            }
            this.nodeId = nodeId;
            return this;
        }

        /**
         * Sets any Kafka broker property (e.g. {@code log.retention.hours}); wins over this
         * class's defaults. Listener and quorum settings are derived from the ports and should
         * not be overridden.
         */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * How long {@link EmbeddedKafkaBroker#start()} and topic creation may take before they
         * fail, 60 s by default.
         */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** @return a broker that is not started yet */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + port);
            }
            return port;
        }
    }
}
