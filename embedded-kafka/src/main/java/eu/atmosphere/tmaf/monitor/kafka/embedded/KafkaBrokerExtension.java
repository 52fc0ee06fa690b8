package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives tests a real Kafka broker: one {@link EmbeddedKafkaBroker} per
 * test JVM, started the first time a test class needs it, shared by all test classes, and closed
 * (temporary data deleted) when JUnit finishes. If a test stopped it, it is started again before
 * the next test.
 *
 * <pre>{@code
 * class PublisherTest {
 *     @RegisterExtension
 *     static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 *
 *     @Test
 *     void publishes() {
 *         String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
 *         ... produce to KAFKA.bootstrapServers() ...
 *         List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, 1, Duration.ofSeconds(10));
 *         assertEquals(42L, ByteBuffer.wrap(records.get(0).key()).getLong());
 *     }
 * }
 * }</pre>
 *
 * The broker is shared, so give every test its own topic ({@link #createUniqueTopic(String, int)}). A test
 * that stops the broker ({@code KAFKA.broker().stop()}) should start it again in a {@code finally} block.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    private volatile EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        attach(context);
    }

    /** Also covers registration on an instance field, where {@code beforeAll} is not called. */
    @Override
    public void beforeEach(ExtensionContext context) {
        attach(context);
    }

    /** @return {@code 127.0.0.1:PORT} of the shared broker */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Creates a topic on the shared broker; does nothing if it exists. */
    public void createTopic(String name, int partitions) {
        broker().createTopic(name, partitions);
    }

    /** Creates a topic named {@code prefix-<random UUID>} on the shared broker. @return its name */
    public String createUniqueTopic(String prefix, int partitions) {
        return broker().createUniqueTopic(prefix, partitions);
    }

    /**
     * Reads {@code topic} from the beginning until {@code expectedCount} records arrived or
     * {@code timeout} passed; see {@link TopicReader#read(String, int, Duration)}.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expectedCount, Duration timeout) {
        return new TopicReader(bootstrapServers()).read(topic, expectedCount, timeout);
    }

    /**
     * @return the shared broker, e.g. to {@link EmbeddedKafkaBroker#stop() stop} and
     *         {@link EmbeddedKafkaBroker#start() start} it in an availability test
     * @throws IllegalStateException if called before JUnit ran this extension (e.g. from a
     *                               static initializer)
     */
    public EmbeddedKafkaBroker broker() {
        EmbeddedKafkaBroker current = broker;
        if (current == null) {
            throw new IllegalStateException("the Kafka broker is not started yet: register this extension with "
                    + "@RegisterExtension and use it from test, @BeforeAll or @BeforeEach methods");
        }
        return current;
    }

    private void attach(ExtensionContext context) {
        EmbeddedKafkaBroker shared = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedBroker.class, key -> new SharedBroker(), SharedBroker.class)
                .broker();
        shared.start();
        broker = shared;
    }

    /** The broker in JUnit's root store, which closes it when the whole test run ends. */
    private static final class SharedBroker implements AutoCloseable {

        private final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();

        EmbeddedKafkaBroker broker() {
            return broker;
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
