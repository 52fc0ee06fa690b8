package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.net.URI;

/**
 * A server under test on an ephemeral port, publishing to a fresh topic of the shared test broker; one per
 * test, or one per test class (started in {@code @BeforeAll}, closed in {@code @AfterAll}).
 *
 * <pre>{@code
 * try (TopicServer monitor = new TopicServer(KAFKA, 3, ServerConfig.builder().maxBodyBytes(4096))) {
 *     monitor.http().postJson(TestHttp.SEED_MESSAGE);
 *     KAFKA.read(monitor.topic(), 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
final class TopicServer implements AutoCloseable {

    private final String topic;
    private final MonitorServer server;
    private final TestHttp http;

    /**
     * @param partitions the topic's partitions
     * @param config     the server's settings; port, Kafka address and topic are set here
     */
    TopicServer(KafkaBrokerExtension kafka, int partitions, ServerConfig.Builder config) {
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
}
