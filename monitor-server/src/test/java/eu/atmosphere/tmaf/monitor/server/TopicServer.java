package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server under test on an ephemeral port, publishing to a fresh topic of the shared test broker. Started by
 * JUnit, registered after the broker: on a static field one serves the whole class, on an instance field each
 * test gets its own.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * @RegisterExtension
 * static final TopicServer MONITOR = TopicServer.extension(KAFKA, 1, ServerConfig.builder().maxBodyBytes(4096));
 * ...
 * MONITOR.http().postJson(TestHttp.SEED_MESSAGE);
 * KAFKA.read(MONITOR.topic(), 1, Duration.ofSeconds(10));
 * }</pre>
 *
 * Or for a part of one test: {@code try (TopicServer monitor = TopicServer.start(KAFKA, 3, config)) { ... }}.
 */
final class TopicServer implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private final KafkaBrokerExtension kafka;
    private final int partitions;
    private final ServerConfig.Builder config;
    private boolean perClass;
    private String topic;
    private MonitorServer server;
    private TestHttp http;

    private TopicServer(KafkaBrokerExtension kafka, int partitions, ServerConfig.Builder config) {
        this.kafka = kafka;
        this.partitions = partitions;
        this.config = config;
    }

    /**
     * @param partitions the topic's partitions
     * @param config     the server's settings; port, Kafka address and topic are set here
     * @return a server JUnit starts and closes (see above)
     */
    static TopicServer extension(KafkaBrokerExtension kafka, int partitions, ServerConfig.Builder config) {
        return new TopicServer(kafka, partitions, config);
    }

    /** @return a running server, to close when done; its arguments as {@link #extension}'s */
    static TopicServer start(KafkaBrokerExtension kafka, int partitions, ServerConfig.Builder config) {
        TopicServer started = new TopicServer(kafka, partitions, config);
        started.startServer();
        return started;
    }

    private void startServer() {
        topic = kafka.createUniqueTopic("topic-monitor", partitions);
        server = MonitorServer.start(config.port(0).kafkaBootstrapServers(kafka.bootstrapServers()).topic(topic).build());
        http = new TestHttp(server.baseUri());
    }

    String topic() {
        return topic;
    }

    TestHttp http() {
        return http;
    }

    int port() {
        return server.port();
    }

    URI baseUri() {
        return server.baseUri();
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        startServer();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            startServer();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
