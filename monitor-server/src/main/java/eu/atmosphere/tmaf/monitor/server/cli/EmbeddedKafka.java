package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.kafka.embedded.DataDirectoryInUseException;
import eu.atmosphere.tmaf.monitor.kafka.embedded.DataDirectoryLock;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaException;
import eu.atmosphere.tmaf.monitor.server.ServerOptions;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node broker {@code serve} starts when no Kafka is configured. The only class of the
 * server that touches the embedded-kafka module (Kafka's broker and Scala), an optional dependency: the
 * runnable jar carries it, the container image and anything else built on this artifact do not
 * ({@link EmbeddedKafkaPrerequisites} tells, without
 * loading this class). No other class of the server names a type of that module: a {@code catch} of
 * one would fail that class's verification where the module is absent.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("data/kafka"), 9092, "topic-monitor", 3)) {
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:9092"
 * }
 * }</pre>
 */
final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final EmbeddedKafkaBroker broker;

    private EmbeddedKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** Another process holds the data directory. */
    static final class DirectoryInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DirectoryInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @return why the data directory cannot be used (another process holds it, unreadable), or null */
    static String directoryProblem(Path directory) {
        try {
            DataDirectoryLock.checkFree(directory);
            return null;
        } catch (EmbeddedKafkaException e) {
            return e.getMessage() + "; stop that process or choose another directory";
        } catch (UncheckedIOException e) {
            return e.getMessage() + ": " + e.getCause().getMessage();
        }
    }

    /**
     * Starts the broker on 127.0.0.1 (data kept in {@code directory}) and creates the topic.
     *
     * @return the running broker
     * @throws DirectoryInUseException if another process holds the data directory
     */
    static EmbeddedKafka start(Path directory, int port, String topic, int partitions) {
        LOG.info("no Kafka configured ({}): starting the embedded single-node broker on 127.0.0.1:{}, data in {}",
                ServerOptions.KAFKA_BOOTSTRAP_SERVERS, port, directory.toAbsolutePath());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(directory).port(port).build();
        try {
            broker.start();
            broker.createTopic(topic, partitions);
        } catch (DataDirectoryInUseException e) {
            broker.close();
            throw new DirectoryInUseException(e.getMessage(), e);
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
