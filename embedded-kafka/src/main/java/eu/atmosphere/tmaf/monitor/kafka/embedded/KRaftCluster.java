package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link EmbeddedKafkaBroker} and {@link EmbeddedKafkaCluster}: a KRaft
 * cluster of combined nodes on 127.0.0.1 that share one static controller quorum and one
 * cluster id. Ports are fixed on the first start (picked when requested as 0) and kept for every
 * later start, so clients configured with {@link #bootstrapServers()} reconnect after a restart.
 */
final class KRaftCluster {

    /** One node to run: its id, its data directory and the ports asked for (0 = pick a free one). */
    record NodeSpec(int nodeId, Path logDir, int brokerPort, int controllerPort) {
        boolean picksAllPorts() {
            return brokerPort == 0 && controllerPort == 0;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(KRaftCluster.class);
    private static final int START_ATTEMPTS = 3;

    private final List<NodeSpec> specs;
    private final DataDirectory dataDirectory;
    private final Map<String, String> listeners;
    private final Map<String, String> overrides;
    private final Duration timeout;
    private List<KRaftNode> nodes;
    private String clusterId;
    private boolean closed;
    private DataDirectoryLock lock;

    KRaftCluster(List<NodeSpec> specs, DataDirectory dataDirectory, Map<String, String> overrides, Duration timeout) {
        this(specs, dataDirectory, Map.of(), overrides, timeout);
    }

    /**
     * @param listeners extra client listeners of every node, name to security protocol; their ports are
     *                  always picked on the first start
     */
    KRaftCluster(List<NodeSpec> specs, DataDirectory dataDirectory, Map<String, String> listeners,
                 Map<String, String> overrides, Duration timeout) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        if (specs.stream().map(NodeSpec::nodeId).distinct().count() != specs.size()) {
            throw new IllegalArgumentException("node ids must be distinct: " + specs);
        }
        this.specs = List.copyOf(specs);
        this.dataDirectory = dataDirectory;
        this.listeners = new LinkedHashMap<>(listeners);
        this.overrides = Map.copyOf(overrides);
        this.timeout = timeout;
    }

    Path dataDirectory() {
        return dataDirectory.path();
    }

    /** Starts every node that is not running and waits until all of them serve clients. */
    synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this embedded Kafka was closed; build a new one");
        }
        long begin = System.nanoTime();
        List<KRaftNode> started;
        if (nodes == null) {
            lock = DataDirectoryLock.acquire(dataDirectory.path());
            try {
                nodes = startFirstTime();
            } catch (RuntimeException e) {
                releaseLock();
                throw e;
            }
            started = nodes;
        } else {
            started = nodes.stream().filter(n -> !n.isRunning()).collect(Collectors.toList());
            if (started.isEmpty()) {
                return;
            }
            startNodes(started);
        }
        awaitRunningBrokers(started);
        LOG.info("Embedded Kafka with {} node(s) ready at {} in {} ms", nodes.size(), bootstrapServers(),
                (System.nanoTime() - begin) / 1_000_000);
    }

    /** Stops every running node, all at once so that the controller quorum outlives the brokers. */
    synchronized void stop() {
        if (nodes != null) {
            inParallel(nodes.stream().filter(KRaftNode::isRunning).collect(Collectors.toList()), KRaftNode::stop);
        }
    }

    synchronized void restart() {
        stop();
        start();
    }

    synchronized void startNode(int nodeId) {
        if (nodes == null) {
            throw new IllegalStateException("start the whole cluster once before starting single nodes");
        }
        KRaftNode node = node(nodeId);
        if (!node.isRunning()) {
            node.start(clusterId);
            awaitRunningBrokers(List.of(node));
        }
    }

    synchronized void stopNode(int nodeId) {
        if (nodes != null) {
            node(nodeId).stop();
        }
    }

    synchronized boolean isRunning(int nodeId) {
        return nodes != null && node(nodeId).isRunning();
    }

    synchronized boolean isAnyRunning() {
        return nodes != null && nodes.stream().anyMatch(KRaftNode::isRunning);
    }

    /** Stops the cluster and deletes its data directory if it is a temporary one. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            releaseLock();
            dataDirectory.release();
        }
    }

    private void releaseLock() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    synchronized List<NodeAddress> addresses() {
        if (nodes == null) {
            throw new IllegalStateException("ports are chosen on the first start(); start it first");
        }
        return nodes.stream().map(KRaftNode::address).collect(Collectors.toList());
    }

    /** The client addresses of all nodes, running or not, comma separated. */
    String bootstrapServers() {
        return addresses().stream().map(NodeAddress::bootstrapAddress).collect(Collectors.joining(","));
    }

    /** The addresses of one extra listener on all nodes, comma separated. */
    String bootstrapServers(String listener) {
        return addresses().stream().map(a -> a.bootstrapAddress(listener)).collect(Collectors.joining(","));
    }

    void createTopic(String name, int partitions) {
        if (!isAnyRunning()) {
            throw new IllegalStateException("cannot create topic " + name + ": Kafka is not running");
        }
        ClusterAdmin.createTopic(bootstrapServers(), name, partitions, timeout);
    }

    private List<KRaftNode> startFirstTime() {
        clusterId = specs.stream()
                .map(spec -> KRaftNode.storedClusterId(spec.logDir()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(() -> Uuid.randomUuid().toString());
        boolean mayRetry = specs.stream().allMatch(NodeSpec::picksAllPorts);
        for (int attempt = 1; ; attempt++) {
            List<KRaftNode> candidates = configure(assignPorts());
            try {
                startNodes(candidates);
                return candidates;
            } catch (EmbeddedKafkaException e) {
                if (!mayRetry || attempt == START_ATTEMPTS || !KRaftNode.isPortConflict(e)) {
                    throw e;
                }
                LOG.warn("a free port was taken before Kafka could bind it, retrying with other ports: {}",
                        e.getMessage());
            }
        }
    }

    private List<NodeAddress> assignPorts() {
        int perNode = 2 + listeners.size();
        int[] free = FreePorts.pick(perNode * specs.size());
        List<NodeAddress> addresses = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            NodeSpec spec = specs.get(i);
            Map<String, Integer> listenerPorts = new LinkedHashMap<>();
            int next = perNode * i + 2;
            for (String listener : listeners.keySet()) {
                listenerPorts.put(listener, free[next++]);
            }
            addresses.add(new NodeAddress(spec.nodeId(),
                    spec.brokerPort() != 0 ? spec.brokerPort() : free[perNode * i],
                    spec.controllerPort() != 0 ? spec.controllerPort() : free[perNode * i + 1], listenerPorts));
        }
        return addresses;
    }

    private List<KRaftNode> configure(List<NodeAddress> addresses) {
        List<KRaftNode> configured = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            NodeAddress address = addresses.get(i);
            Path logDir = specs.get(i).logDir();
            configured.add(new KRaftNode(address, logDir,
                    ServerProperties.forNode(address, addresses, logDir, timeout, listeners, overrides)));
        }
        return configured;
    }

    /**
     * Starts the nodes in parallel: a node's startup returns only once a controller quorum
     * exists, which for several voters needs the others running too. If one fails, the started
     * ones are stopped again.
     */
    private void startNodes(List<KRaftNode> toStart) {
        try {
            inParallel(toStart, node -> node.start(clusterId));
        } catch (RuntimeException e) {
            throw stoppedAfter(e, toStart);
        }
    }

    /** Waits until every running node serves clients; if they do not, stops the ones just started. */
    private void awaitRunningBrokers(List<KRaftNode> justStarted) {
        int running = (int) nodes.stream().filter(KRaftNode::isRunning).count();
        try {
            ClusterAdmin.awaitBrokers(bootstrapServers(), running, timeout);
        } catch (EmbeddedKafkaException e) {
            throw stoppedAfter(e, justStarted);
        }
    }

    /** Stops {@code started} after {@code failure}; a failure to stop is added to it as suppressed. */
    private static <E extends RuntimeException> E stoppedAfter(E failure, List<KRaftNode> started) {
        try {
            inParallel(started, KRaftNode::stop);
        } catch (RuntimeException stopFailure) {
            failure.addSuppressed(stopFailure);
        }
        return failure;
    }

    private KRaftNode node(int nodeId) {
        return nodes.stream()
                .filter(n -> n.address().nodeId() == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node with id " + nodeId));
    }

    /** Runs {@code action} on every node, each in its own thread; rethrows the first failure. */
    private static void inParallel(List<KRaftNode> targets, Consumer<KRaftNode> action) {
        if (targets.size() == 1) {
            action.accept(targets.get(0));
            return;
        }
        List<RuntimeException> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>(targets.size());
        for (KRaftNode node : targets) {
            Thread thread = new Thread(() -> {
                try {
                    action.accept(node);
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "embedded-kafka-node-" + node.address().nodeId());
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedKafkaException("interrupted while waiting for " + thread.getName(), e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
