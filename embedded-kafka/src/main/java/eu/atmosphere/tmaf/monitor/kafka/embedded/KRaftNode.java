package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka server in KRaft combined mode (broker + controller) running inside this JVM, with
 * its storage directory. Formats the storage on first start only, so data survives restarts.
 * A stopped node can be started again with the same configuration.
 */
final class KRaftNode {

    private static final Logger LOG = LoggerFactory.getLogger(KRaftNode.class);
    private static final String META_PROPERTIES = "meta.properties";

    private final NodeAddress address;
    private final Path logDir;
    private final Map<String, String> config;
    private KafkaRaftServer server;

    KRaftNode(NodeAddress address, Path logDir, Map<String, String> config) {
        this.address = address;
        this.logDir = logDir;
        this.config = Map.copyOf(config);
    }

    NodeAddress address() {
        return address;
    }

    /** The cluster id stored in {@code logDir/meta.properties}, if that directory was formatted before. */
    static Optional<String> storedClusterId(Path logDir) {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Formats the storage unless {@code meta.properties} already exists, then starts the server.
     * Returns once the broker has caught up with the cluster metadata and been unfenced by the
     * controller (Kafka's own startup wait, bounded by {@code server.max.startup.time.ms}).
     *
     * @param clusterId the cluster id to format a new storage directory with
     * @throws EmbeddedKafkaException if formatting or startup fails; nothing is left running
     */
    synchronized void start(String clusterId) {
        if (server != null) {
            throw new IllegalStateException("Kafka node " + address.nodeId() + " is already running");
        }
        if (storedClusterId(logDir).isEmpty()) {
            format(clusterId);
        }
        long begin = System.nanoTime();
        KafkaRaftServer starting;
        try {
            starting = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("invalid configuration for Kafka node " + address.nodeId()
                    + ": " + e.getMessage(), e);
        }
        try {
            starting.startup();
        } catch (RuntimeException e) {
            shutDown(starting, e);
            throw new EmbeddedKafkaException("Kafka node " + address.nodeId() + " failed to start on "
                    + address.bootstrapAddress() + " (controller port " + address.controllerPort() + "): "
                    + reason(e), e);
        }
        server = starting;
        LOG.info("Kafka node {} started on {} in {} ms", address.nodeId(), address.bootstrapAddress(),
                millisSince(begin));
    }

    /** Shuts the server down cleanly and waits for it; does nothing if it is not running. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        long begin = System.nanoTime();
        KafkaRaftServer stopping = server;
        server = null;
        RegistrationChannelHandOver.beforeShutdown(stopping);
        stopping.shutdown();
        stopping.awaitShutdown();
        LOG.info("Kafka node {} stopped in {} ms", address.nodeId(), millisSince(begin));
    }

    /** True if {@code e} or one of its causes says a listener port was already taken. */
    static boolean isPortConflict(Throwable e) {
        return bindFailure(e).isPresent();
    }

    /** The most telling message: for a taken port Kafka's "failed to bind to host:port" one. */
    private static String reason(Throwable e) {
        return bindFailure(e).map(Throwable::getMessage).orElse(e.getMessage());
    }

    /** The exception that wraps a {@link BindException} (it names the address), if any. */
    private static Optional<Throwable> bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getCause() instanceof BindException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private void format(String clusterId) {
        long begin = System.nanoTime();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path configFile = null;
        try {
            Files.createDirectories(logDir);
            configFile = Files.createTempFile("kafka-node-" + address.nodeId() + "-", ".properties");
            writeProperties(configFile);
            String[] args = {"format", "--cluster-id", clusterId, "--config", configFile.toString()};
            int exitCode;
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = StorageTool$.MODULE$.execute(args, out);
            }
            if (exitCode != 0) {
                throw new EmbeddedKafkaException("formatting " + logDir + " failed with exit code "
                        + exitCode + ": " + output.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot prepare storage directory " + logDir, e);
        } catch (EmbeddedKafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("formatting " + logDir + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(configFile);
        }
        LOG.info("Kafka node {} formatted {} (cluster id {}) in {} ms", address.nodeId(), logDir, clusterId,
                millisSince(begin));
    }

    private void writeProperties(Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config);
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "embedded Kafka node " + address.nodeId() + ", used only to format " + logDir);
        }
    }

    private void shutDown(KafkaRaftServer failed, RuntimeException startupFailure) {
        try {
            failed.shutdown();
            failed.awaitShutdown();
        } catch (RuntimeException e) {
            startupFailure.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}", file, e);
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
