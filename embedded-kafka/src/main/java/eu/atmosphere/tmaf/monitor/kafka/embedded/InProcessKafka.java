package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Kafka running inside this JVM on 127.0.0.1: one {@link EmbeddedKafkaBroker}, or an {@link EmbeddedKafkaCluster}
 * of several nodes. What both do (start, stop, close, addresses, topics) is here, so code that only needs "a
 * Kafka to talk to" takes either.
 *
 * <pre>{@code
 * static void publishTo(InProcessKafka kafka) {
 *     kafka.start();                             // returns once every node serves clients
 *     kafka.createTopic("topic-monitor", 3);     // idempotent
 *     ... produce to kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * The methods are thread-safe.
 */
public abstract sealed class InProcessKafka implements AutoCloseable permits EmbeddedKafkaBroker, EmbeddedKafkaCluster {

    final KRaftCluster cluster;

    InProcessKafka(KRaftCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts every node that is not running, formatting the data directories never formatted (the nodes in
     * parallel: a node needs a quorum to finish its startup), and waits until all of them answer an Admin
     * client. Does nothing if all are running already; ports chosen by the first start are kept by every later
     * one.
     *
     * @throws DataDirectoryInUseException if another process or broker uses the data directory
     * @throws EmbeddedKafkaException      if the nodes do not come up within the startup timeout; nothing is
     *                                     left running then
     * @throws IllegalStateException       if it was closed
     */
    public void start() {
        cluster.start();
    }

    /** Shuts every running node down cleanly, all at once (data stays). Does nothing if none runs. */
    public void stop() {
        cluster.stop();
    }

    /**
     * Stops every node and deletes the data directory if it is a temporary one. What is closed cannot be
     * started again.
     */
    @Override
    public void close() {
        cluster.close();
    }

    /**
     * @return {@code 127.0.0.1:P1,127.0.0.1:P2,...}, every node's client address, the value for a client's
     *         {@code bootstrap.servers}; stays the same while stopped and after a restart
     * @throws IllegalStateException if it was never started (the ports are not chosen yet)
     */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * @param listener the name of a listener added with {@link KafkaBuilder#listener(String, String)}
     * @return that listener's {@code 127.0.0.1:PORT} of every node, comma separated
     * @throws IllegalStateException    if it was never started
     * @throws IllegalArgumentException if there is no such listener
     */
    public String bootstrapServers(String listener) {
        return cluster.bootstrapServers(listener);
    }

    /**
     * Creates a topic with replication factor min(3, nodes), or does nothing if a topic of that name exists,
     * whatever its partition count. Returns once every partition has a leader.
     *
     * @throws IllegalStateException  if no node is running
     * @throws EmbeddedKafkaException if Kafka refuses the topic (e.g. an invalid name)
     */
    public void createTopic(String name, int partitions) {
        cluster.createTopic(name, partitions);
    }

    /**
     * Creates a topic named {@code prefix-<random UUID>}, as {@link #createTopic(String, int)} does: for tests
     * that share one broker, each with a topic of its own.
     *
     * @return the topic's name
     */
    public String createUniqueTopic(String prefix, int partitions) {
        String name = prefix + "-" + UUID.randomUUID();
        createTopic(name, partitions);
        return name;
    }

    /** @return the data directory: a broker's logs and {@code meta.properties}, or a cluster's node directories */
    public Path dataDirectory() {
        return cluster.dataDirectory();
    }
}
