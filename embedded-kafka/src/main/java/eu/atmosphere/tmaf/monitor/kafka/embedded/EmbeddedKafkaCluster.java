package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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
public final class EmbeddedKafkaCluster extends InProcessKafka {

    private final List<Integer> nodeIds;

    private EmbeddedKafkaCluster(Builder builder) {
        super(cluster(builder));
        this.nodeIds = IntStream.rangeClosed(1, builder.nodes).boxed().toList();
    }

    private static KRaftCluster cluster(Builder builder) {
        DataDirectory directory = DataDirectory.of(builder.dataDirectory);
        List<KRaftCluster.NodeSpec> specs = new ArrayList<>(builder.nodes);
        for (int id = 1; id <= builder.nodes; id++) {
            specs.add(new KRaftCluster.NodeSpec(id, directory.path().resolve("node-" + id), 0, 0));
        }
        return new KRaftCluster(specs, directory, builder.listeners, builder.properties, builder.startupTimeout);
    }

    /** @return a builder with the defaults: three nodes, temporary data directory */
    public static Builder builder() {
        return new Builder();
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

    /** Configures an {@link EmbeddedKafkaCluster}; every setting is optional. */
    public static final class Builder extends KafkaBuilder<Builder> {

        private int nodes = 3;

        private Builder() {
        }

        /** Number of nodes, 3 by default. */
        public Builder nodes(int nodes) {
            this.nodes = inRange("nodes", nodes, 1, Integer.MAX_VALUE);
            return this;
        }

        /** @return a cluster that is not started yet */
        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }
    }
}
