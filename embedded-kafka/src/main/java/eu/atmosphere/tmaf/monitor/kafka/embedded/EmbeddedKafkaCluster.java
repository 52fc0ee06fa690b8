package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several real Apache Kafka nodes (KRaft combined mode, each a broker and a controller voter)
 * running inside this JVM on 127.0.0.1, for tests of replication and of single-node failures.
 *
 * <p>Node ids are 1..N; node {@code i} keeps its data in {@code dataDirectory/node-i}, formatted
 * on its first start only. With three or more nodes every topic, including the internal ones,
 * gets replication factor 3 and {@code min.insync.replicas=2}, so a producer with
 * {@code acks=all} keeps working while one node is down. Otherwise the settings are those of
 * {@link EmbeddedKafkaBroker} (topics are created explicitly).
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build()) {
 *     cluster.start();                          // all nodes at once; returns when all serve
 *     cluster.createTopic("topic-monitor", 3);  // RF 3
 *     String bootstrap = cluster.bootstrapServers();
 *     cluster.stopNode(2);                      // the other two keep the quorum and the ISR
 *     ...
 *     cluster.startNode(2);                     // same ports, same data
 * }
 * }</pre>
 *
 * <p>Stopping a majority of the nodes loses the controller quorum: a node stopped after that
 * waits (up to Kafka's five minute controlled-shutdown limit) for a controller. {@link #stop()}
 * and {@link #close()} stop all running nodes at once, which avoids that.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final KRaftCluster cluster;
    private final List<Integer> nodeIds;

    private EmbeddedKafkaCluster(Builder builder) {
        DataDirectory directory = DataDirectory.of(builder.dataDirectory);
        List<KRaftCluster.NodeSpec> specs = new ArrayList<>(builder.nodes);
        List<Integer> ids = new ArrayList<>(builder.nodes);
        for (int id = 1; id <= builder.nodes; id++) {
            specs.add(new KRaftCluster.NodeSpec(id, directory.path().resolve("node-" + id), 0, 0));
            ids.add(id);
        }
        this.nodeIds = List.copyOf(ids);
        this.cluster = new KRaftCluster(specs, directory, builder.listeners, builder.properties, builder.startupTimeout);
    }

    /** @return a builder with the defaults: three nodes, temporary data directory */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node that is not running (in parallel: a node needs a quorum to finish its
     * startup) and waits until all of them serve clients.
     *
     * @throws EmbeddedKafkaException if that does not happen within the startup timeout
     * @throws IllegalStateException  if the cluster was closed
     */
    public void start() {
        cluster.start();
    }

    /** Stops every running node, at once. Data stays. */
    public void stop() {
        cluster.stop();
    }

    /** Stops all nodes and deletes the data directory if it is a temporary one. */
    @Override
    public void close() {
        cluster.close();
    }

    /** @return the node ids, 1..N */
    public List<Integer> nodeIds() {
        return nodeIds;
    }

    /** Stops one node cleanly (its partitions' leadership moves to the others first). */
    public void stopNode(int nodeId) {
        cluster.stopNode(nodeId);
    }

    /**
     * Starts a stopped node again on its former ports and data, and waits until it serves.
     *
     * @throws IllegalStateException if the cluster was never started
     */
    public void startNode(int nodeId) {
        cluster.startNode(nodeId);
    }

    /** @return whether that node is running */
    public boolean isNodeRunning(int nodeId) {
        return cluster.isRunning(nodeId);
    }

    /**
     * @return {@code 127.0.0.1:P1,127.0.0.1:P2,...}, every node's client address
     * @throws IllegalStateException if the cluster was never started
     */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates a topic with replication factor min(3, nodes), or does nothing if it exists.
     * Returns once every partition has a leader.
     */
    public void createTopic(String name, int partitions) {
        cluster.createTopic(name, partitions);
    }

    /**
     * @param listener the name of a listener added with {@link KafkaBuilder#listener(String, String)}
     * @return that listener's {@code 127.0.0.1:PORT} of every node, comma separated
     * @throws IllegalStateException if the cluster was never started
     */
    public String bootstrapServers(String listener) {
        return cluster.bootstrapServers(listener);
    }

    /** @return the directory that holds one {@code node-<id>} directory per node */
    public Path dataDirectory() {
        return cluster.dataDirectory();
    }

    /** Configures an {@link EmbeddedKafkaCluster}; every setting is optional. */
    public static final class Builder extends KafkaBuilder<Builder> {

        private int nodes = 3;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Number of nodes, 3 by default. */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be >= 1: " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** @return a cluster that is not started yet */
        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }
    }
}
