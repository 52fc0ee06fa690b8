package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the server until SIGTERM/SIGINT, then stops gracefully. Without Kafka bootstrap
 * servers it first starts an embedded single-node broker whose data survives restarts.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Run the monitor (the default command).")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--bind", defaultValue = "${env:MONITOR_BIND_ADDRESS:-127.0.0.1}",
            description = "Interface to listen on (env MONITOR_BIND_ADDRESS).")
    String bind;

    @Option(names = "--port", defaultValue = "${env:MONITOR_PORT:-32025}",
            description = "TCP port (env MONITOR_PORT).")
    int port;

    @Option(names = "--kafka-bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-}",
            description = "Kafka cluster; empty starts the embedded broker (env KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "${env:MONITOR_TOPIC:-topic-monitor}",
            description = "Topic of the messages (env MONITOR_TOPIC).")
    String topic;

    @Option(names = "--max-body-bytes", defaultValue = "${env:MONITOR_MAX_BODY_BYTES:-1048576}",
            description = "Largest request body after decompression; 413 beyond (env MONITOR_MAX_BODY_BYTES).")
    int maxBodyBytes;

    @Option(names = "--max-inflight-bytes", defaultValue = "${env:MONITOR_MAX_INFLIGHT_BYTES:-67108864}",
            description = "Request bytes awaiting Kafka at once; 503 beyond (env MONITOR_MAX_INFLIGHT_BYTES).")
    long maxInFlightBytes;

    @Option(names = "--kafka-timeout-seconds", defaultValue = "${env:MONITOR_KAFKA_TIMEOUT_SECONDS:-10}",
            description = "Longest wait for Kafka's acknowledgement before a 503 (env MONITOR_KAFKA_TIMEOUT_SECONDS).")
    int kafkaTimeoutSeconds;

    @Option(names = "--retry-after-seconds", defaultValue = "${env:MONITOR_RETRY_AFTER_SECONDS:-5}",
            description = "Retry-After sent with a 503 (env MONITOR_RETRY_AFTER_SECONDS).")
    int retryAfterSeconds;

    @Option(names = "--allow-anonymous", defaultValue = "${env:MONITOR_ALLOW_ANONYMOUS:-false}",
            description = "Accept unauthenticated messages on a non-loopback interface (env MONITOR_ALLOW_ANONYMOUS).")
    boolean allowAnonymous;

    @Option(names = "--embedded-kafka-dir", defaultValue = "${env:MONITOR_EMBEDDED_KAFKA_DIR:-data/kafka}",
            description = "Data directory of the embedded broker (env MONITOR_EMBEDDED_KAFKA_DIR).")
    Path embeddedDirectory;

    @Option(names = "--embedded-kafka-port", defaultValue = "${env:MONITOR_EMBEDDED_KAFKA_PORT:-9092}",
            description = "Port of the embedded broker on 127.0.0.1 (env MONITOR_EMBEDDED_KAFKA_PORT).")
    int embeddedPort;

    @Option(names = "--embedded-kafka-partitions", defaultValue = "${env:MONITOR_TOPIC_PARTITIONS:-3}",
            description = "Partitions of the topic the embedded broker creates (env MONITOR_TOPIC_PARTITIONS).")
    int partitions;

    @Override
    public Integer call() throws InterruptedException {
        long start = System.nanoTime();
        EmbeddedKafkaBroker broker = bootstrapServers.isBlank() ? startEmbeddedBroker() : null;
        String kafka = broker == null ? bootstrapServers : broker.bootstrapServers();
        MonitorServer server = MonitorServer.start(ServerConfig.builder()
                .bindAddress(bind).port(port).kafkaBootstrapServers(kafka).topic(topic)
                .maxBodyBytes(maxBodyBytes).maxInFlightBytes(maxInFlightBytes)
                .kafkaTimeout(Duration.ofSeconds(kafkaTimeoutSeconds)).retryAfter(Duration.ofSeconds(retryAfterSeconds))
                .anonymousOnPublicInterface(allowAnonymous)
                .build());
        LOG.info("ready in {} ms", (System.nanoTime() - start) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (broker != null) {
                broker.close();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private EmbeddedKafkaBroker startEmbeddedBroker() {
        LOG.info("no Kafka configured (KAFKA_BOOTSTRAP_SERVERS): starting the embedded single-node broker on "
                + "127.0.0.1:{}, data in {}", embeddedPort, embeddedDirectory.toAbsolutePath());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(embeddedDirectory).port(embeddedPort).build();
        broker.start();
        broker.createTopic(topic, partitions);
        LOG.info("embedded Kafka broker up at {}", broker.bootstrapServers());
        return broker;
    }
}
