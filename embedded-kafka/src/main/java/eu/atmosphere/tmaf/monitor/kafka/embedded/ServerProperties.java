package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Kafka server configuration of one node of an embedded KRaft cluster: combined mode
 * (broker + controller), plaintext listeners on 127.0.0.1 (plus any extra listeners with their
 * own security protocol), a static controller quorum, and
 * replication settings that fit the cluster size.
 *
 * <p>Choices that differ from Kafka's defaults:
 * <ul>
 *   <li>Replication: RF = min(3, nodes) for every topic including the internal ones, and
 *       {@code min.insync.replicas} = 2 from three nodes on, else 1. A single broker with
 *       Kafka's default RF 3 for {@code __consumer_offsets} would hang consumer groups.</li>
 *   <li>{@code auto.create.topics.enable=false}: topics are created explicitly (with a chosen
 *       partition count), so a typo in a topic name fails instead of creating a new topic.</li>
 *   <li>{@code group.initial.rebalance.delay.ms=0}, one partition for the internal offsets and
 *       transaction topics, a 16 MiB log-cleaner buffer instead of 128 MiB: starts fast and
 *       small; sized for a development machine or a test, not for production traffic.</li>
 * </ul>
 * Every value can be overridden per broker or cluster with {@code property(key, value)}. The same
 * configuration for a node run outside this JVM, e.g. {@code kafka.Kafka server.properties} in a process of its own:
 *
 * <pre>{@code
 * List<NodeAddress> nodes = List.of(new NodeAddress(1, 41001, 41002), new NodeAddress(2, 41003, 41004),
 *         new NodeAddress(3, 41005, 41006));
 * Map<String, String> node1 = ServerProperties.forNode(nodes.get(0), nodes, Path.of("node-1"), Duration.ofSeconds(90));
 * }</pre>
 */
public final class ServerProperties {

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private ServerProperties() {
    }

    /**
     * @throws IllegalArgumentException unless {@code name} is upper case letters, digits and {@code _}
     *                                  (not one of the built-in listeners) and the protocol is Kafka's
     */
    static void checkListener(String name, String securityProtocol) {
        if (!name.matches("[A-Z][A-Z0-9_]{0,30}") || name.equals(BROKER_LISTENER) || name.equals(CONTROLLER_LISTENER)) {
            throw new IllegalArgumentException("listener name must be upper case letters, digits and _, "
                    + "not PLAINTEXT or CONTROLLER: " + name);
        }
        if (!List.of("SSL", "SASL_SSL", "SASL_PLAINTEXT", "PLAINTEXT").contains(securityProtocol)) {
            throw new IllegalArgumentException("unknown security protocol " + securityProtocol
                    + " (SSL, SASL_SSL, SASL_PLAINTEXT or PLAINTEXT)");
        }
    }

    /**
     * The configuration of one node of a cluster of plaintext nodes on 127.0.0.1.
     *
     * @param self           the node being configured
     * @param voters         every node of the cluster (combined mode: every node is a voter)
     * @param logDir         the node's data directory
     * @param startupTimeout how long the broker may take to join the cluster
     * @return the node's {@code server.properties}, in a stable order
     */
    public static Map<String, String> forNode(NodeAddress self, List<NodeAddress> voters, Path logDir,
                                              Duration startupTimeout) {
        return forNode(self, voters, logDir, startupTimeout, Map.of(), Map.of());
    }

    /**
     * @param self           the node being configured
     * @param voters         every node of the cluster (combined mode: every node is a voter)
     * @param logDir         the node's data directory
     * @param startupTimeout how long the broker may take to join the cluster
     * @param listeners      extra client listeners: name to security protocol (their settings come with the overrides)
     * @param overrides      applied last, win over everything else
     */
    static Map<String, String> forNode(NodeAddress self, List<NodeAddress> voters, Path logDir,
                                       Duration startupTimeout, Map<String, String> listeners,
                                       Map<String, String> overrides) {
        int replicationFactor = Math.min(3, voters.size());
        int minInsyncReplicas = replicationFactor >= 3 ? 2 : 1;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(self.nodeId()));
        p.put("controller.quorum.voters",
                voters.stream().map(NodeAddress::voter).collect(Collectors.joining(",")));
        StringBuilder extraListeners = new StringBuilder();
        StringBuilder extraProtocols = new StringBuilder();
        listeners.forEach((name, protocol) -> {
            extraListeners.append(',').append(name).append("://").append(self.bootstrapAddress(name));
            extraProtocols.append(',').append(name).append(':').append(protocol);
        });
        p.put("listeners", BROKER_LISTENER + "://" + NodeAddress.HOST + ":" + self.brokerPort()
                + "," + CONTROLLER_LISTENER + "://" + NodeAddress.HOST + ":" + self.controllerPort() + extraListeners);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + self.bootstrapAddress() + extraListeners);
        p.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT" + extraProtocols);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));

        String rf = Integer.toString(replicationFactor);
        String minIsr = Integer.toString(minInsyncReplicas);
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", rf);
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);

        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        if (voters.size() > 1) {
            // A restarted node can register only once the controller expired its old session
            // (DUPLICATE_BROKER_REGISTRATION until then), and a controlled shutdown advances one
            // heartbeat at a time: Kafka's 9 s / 2 s defaults made a node restart take ~10 s.
            p.put("broker.session.timeout.ms", "3000");
            p.put("broker.heartbeat.interval.ms", "500");
        }

        p.putAll(overrides);
        return p;
    }
}
