package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node broker {@code serve} starts when no Kafka is configured. The only class of the
 * server that touches the embedded-kafka module (Kafka's broker and Scala), which the runnable
 * jar carries and the container image does not: {@link #available()} tells which one runs.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("data/kafka"), 9092, "topic-monitor", 3)) {
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:9092"
 * }
 * }</pre>
 */
final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String BROKER_CLASS = "eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker";

    private final EmbeddedKafkaBroker broker;

    private EmbeddedKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** @return whether the embedded broker is on the class path (the runnable jar, not the container image) */
    static boolean available() {
        try {
            Class.forName(BROKER_CLASS, false, EmbeddedKafka.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Starts the broker on 127.0.0.1 (data kept in {@code directory}) and creates the topic.
     *
     * @return the running broker
     */
    static EmbeddedKafka start(Path directory, int port, String topic, int partitions) {
        LOG.info("no Kafka configured (KAFKA_BOOTSTRAP_SERVERS): starting the embedded single-node broker on "
                + "127.0.0.1:{}, data in {}", port, directory.toAbsolutePath());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(directory).port(port).build();
        broker.start();
        try {
            broker.createTopic(topic, partitions);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.info("embedded Kafka broker up at {}", broker.bootstrapServers());
        return new EmbeddedKafka(broker);
    }

    /** @return {@code 127.0.0.1:PORT} */
    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Stops the broker; its data stays. */
    @Override
    public void close() {
        broker.close();
    }
}
