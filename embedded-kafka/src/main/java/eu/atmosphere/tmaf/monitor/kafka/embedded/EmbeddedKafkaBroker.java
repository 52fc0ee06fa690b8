package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.util.List;

/**
 * A real Apache Kafka broker (KRaft combined mode: broker and controller in one node) running
 * inside this JVM and listening on 127.0.0.1 only.
 *
 * <p>The storage directory is formatted on the first start only: when it already holds a
 * {@code meta.properties}, it is reused, so topics and records survive a {@link #restart()} and
 * a new JVM pointed at the same {@link Builder#dataDirectory(Path) data directory}. Without a
 * data directory the broker uses a temporary one and deletes it on {@link #close()}. The data
 * directory belongs to one broker at a time: {@link #start()} first takes its {@link DataDirectoryLock},
 * held until {@link #close()} or the end of the process, and is refused with a
 * {@link DataDirectoryInUseException} (naming the process that holds it) before anything in the
 * directory is touched.
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
public final class EmbeddedKafkaBroker extends InProcessKafka {

    private final int nodeId;

    private EmbeddedKafkaBroker(Builder builder) {
        super(cluster(builder));
        this.nodeId = builder.nodeId;
    }

    private static KRaftCluster cluster(Builder builder) {
        DataDirectory directory = DataDirectory.of(builder.dataDirectory);
        return new KRaftCluster(
                List.of(new KRaftCluster.NodeSpec(builder.nodeId, directory.path(), builder.port, builder.controllerPort)),
                directory, builder.listeners, builder.properties, builder.startupTimeout);
    }

    /** @return a builder with the defaults: temporary data directory, free ports, node id 1 */
    public static Builder builder() {
        return new Builder();
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

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[node " + nodeId + ", " + dataDirectory() + (isRunning() ? ", running" : "") + "]";
    }

    /** Configures an {@link EmbeddedKafkaBroker}; every setting is optional. */
    public static final class Builder extends KafkaBuilder<Builder> {

        private static final int MAX_PORT = 65_535;

        private int port;
        private int controllerPort;
        private int nodeId = 1;

        private Builder() {
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one on the first start. */
        public Builder port(int port) {
            this.port = inRange("port", port, 0, MAX_PORT);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = inRange("controllerPort", controllerPort, 0, MAX_PORT);
            return this;
        }

        /** The broker's {@code node.id}, 1 by default. */
        public Builder nodeId(int nodeId) {
            this.nodeId = inRange("nodeId", nodeId, 0, Integer.MAX_VALUE);
            return this;
        }

        /** @return a broker that is not started yet */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}
