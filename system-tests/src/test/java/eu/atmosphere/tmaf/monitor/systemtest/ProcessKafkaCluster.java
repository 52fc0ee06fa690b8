package eu.atmosphere.tmaf.monitor.systemtest;

import eu.atmosphere.tmaf.monitor.kafka.embedded.NodeAddress;
import eu.atmosphere.tmaf.monitor.kafka.embedded.ServerProperties;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Collectors;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Three real Apache Kafka nodes (KRaft combined mode: broker + controller voter), each in a JVM of its own
 * ({@code kafka.Kafka server.properties}) on 127.0.0.1, so that one of them can be killed with SIGKILL like a
 * crashed machine, not only shut down cleanly as {@code EmbeddedKafkaCluster.stopNode} does (a controlled
 * shutdown hands the partition leadership over first; a killed node leaves its partitions leaderless until the
 * controller fences it after {@code broker.session.timeout.ms}).
 *
 * <p>The settings are {@code monitor-embedded-kafka}'s cluster's ({@link ServerProperties}: replication factor 3,
 * {@code min.insync.replicas=2}, static quorum of the three voters, 3 s broker session); storage is formatted
 * in this JVM with Kafka's {@code StorageTool}. A killed node restarts on its former ports and data.
 */
final class ProcessKafkaCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private record NodeConfig(NodeAddress address, Path dataDir, Path properties, Path log) {

        int id() {
            return address.nodeId();
        }
    }

    private final Map<Integer, NodeConfig> nodes = new TreeMap<>();
    private final Map<Integer, ChildJvm> running = new TreeMap<>();
    private final Admin admin;

    private ProcessKafkaCluster(Path directory, int size) throws IOException {
        int[] ports = freePorts(2 * size);
        List<NodeAddress> addresses = IntStream.range(0, size)
                .mapToObj(i -> new NodeAddress(i + 1, ports[2 * i], ports[2 * i + 1])).toList();
        String clusterId = Uuid.randomUuid().toString();
        for (NodeAddress address : addresses) {
            int id = address.nodeId();
            Path dataDir = Files.createDirectories(directory.resolve("node-" + id));
            NodeConfig node = new NodeConfig(address, dataDir, directory.resolve("node-" + id + ".properties"),
                    directory.resolve("node-" + id + ".log"));
            writeProperties(node, addresses);
            format(node, clusterId);
            nodes.put(id, node);
        }
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Formats and starts {@code size} nodes (in parallel: a node's startup needs the quorum) and waits until all serve. */
    static ProcessKafkaCluster start(Path directory, int size) throws IOException {
        ProcessKafkaCluster cluster = new ProcessKafkaCluster(directory, size);
        try {
            cluster.startNodes(cluster.nodes.keySet());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String bootstrapServers() {
        return nodes.values().stream().map(n -> HOST + ":" + n.address().brokerPort())
                .collect(Collectors.joining(","));
    }

    List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    boolean isRunning(int id) {
        ChildJvm jvm = running.get(id);
        return jvm != null && jvm.isAlive();
    }

    /** SIGKILL: no controlled shutdown, no flush; the kernel closes its sockets. */
    void kill(int id) {
        ChildJvm jvm = running.remove(id);
        if (jvm == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        jvm.kill();
    }

    /** Starts the given (killed) nodes again on their ports and data, and waits until every running node serves. */
    void startNodes(Collection<Integer> ids) {
        for (int id : ids) {
            if (isRunning(id)) {
                throw new IllegalStateException("node " + id + " is running");
            }
            NodeConfig node = nodes.get(id);
            running.put(id, ChildJvm.start("kafka-node-" + id,
                    List.of("-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1",
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                    "kafka.Kafka", List.of(node.properties().toString()), node.log()));
        }
        awaitBrokers(running.size());
    }

    /**
     * Waits until the running nodes serve: the controller quorum has a leader, every running voter has caught up
     * with it within the last 2 s, and at least {@code count} brokers are registered and unfenced. (Cluster
     * metadata alone is not enough: a node left alone without a quorum still reports its stale view of 3 brokers.)
     */
    void awaitBrokers(int count) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Integer, ChildJvm> e : running.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw new IllegalStateException("Kafka node " + e.getKey() + " died\n" + e.getValue().logTail(40));
                }
            }
            try {
                QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
                long now = System.currentTimeMillis();
                List<Integer> lagging = quorum.voters().stream()
                        .filter(v -> running.containsKey(v.replicaId()) && v.replicaId() != quorum.leaderId())
                        .filter(v -> v.lastCaughtUpTimestamp().orElse(0) < now - 2_000)
                        .map(QuorumInfo.ReplicaState::replicaId).toList();
                Collection<Node> brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                if (quorum.leaderId() >= 0 && lagging.isEmpty() && brokers.size() >= count) {
                    return;
                }
                last = "quorum leader " + quorum.leaderId() + ", voters not caught up " + lagging + ", "
                        + brokers.size() + " brokers";
            } catch (Exception e) {
                last = e.toString();
            }
            sleep(250);
        }
        throw new IllegalStateException("Kafka: " + count + " brokers not up within " + TIMEOUT + " (" + last + ")\n"
                + running.values().stream().map(j -> j.logTail(20)).collect(Collectors.joining("\n")));
    }

    /** Creates a topic (replication factor 3, min.insync.replicas=2) and waits until every partition has 3 in-sync replicas. */
    void createTopic(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        awaitFullIsr(topic);
    }

    /** Waits until every partition of the topic has a leader and all 3 replicas in sync. */
    void awaitFullIsr(String topic) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = describe(topic);
                if (d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == nodes.size())) {
                    return;
                }
                last = d.partitions().toString();
            } catch (Exception e) {
                last = e.toString();
            }
            sleep(250);
        }
        throw new IllegalStateException("topic " + topic + " not fully replicated within " + TIMEOUT + ": " + last);
    }

    /** @return node id -> the partitions of the topic it leads */
    Map<Integer, List<Integer>> leaders(String topic) {
        Map<Integer, List<Integer>> leaders = new TreeMap<>();
        nodes.keySet().forEach(id -> leaders.put(id, new ArrayList<>()));
        for (TopicPartitionInfo p : describe(topic).partitions()) {
            if (p.leader() != null) {
                leaders.get(p.leader().id()).add(p.partition());
            }
        }
        return leaders;
    }

    /** @return the id of the active controller (the Raft leader), if the quorum has one */
    Optional<Integer> activeController() {
        try {
            return Optional.of(admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private TopicDescription describe(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic, e);
        }
    }

    String logTails(int lines) {
        return running.values().stream().map(j -> j.logTail(lines)).collect(Collectors.joining("\n"));
    }

    /** Kills every node (no 5 s wait for a successor voter as a clean shutdown of the last voter has). */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        running.values().forEach(ChildJvm::close);
        running.clear();
    }

    private static void writeProperties(NodeConfig node, List<NodeAddress> cluster) throws IOException {
        Properties properties = new Properties();
        properties.putAll(ServerProperties.forNode(node.address(), cluster, node.dataDir(), TIMEOUT));
        try (OutputStream out = Files.newOutputStream(node.properties())) {
            properties.store(out, "system test Kafka node " + node.id());
        }
    }

    private static void format(NodeConfig node, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool$.MODULE$.execute(new String[] {"format", "--cluster-id", clusterId, "--config",
                node.properties().toString()}, out);
        }
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka node " + node.id() + " failed (" + exit + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
