package eu.atmosphere.tmaf.monitor.kafka.embedded;

import static eu.atmosphere.tmaf.monitor.kafka.embedded.Records.longBytes;
import static eu.atmosphere.tmaf.monitor.kafka.embedded.Records.send;
import static eu.atmosphere.tmaf.monitor.kafka.embedded.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void buildersRefuseSettingsOutOfRangeNamingThem() {
        assertEquals("port must be in 0..65535: 65536", assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaBroker.builder().port(65_536)).getMessage());
        assertEquals("controllerPort must be in 0..65535: -1", assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaBroker.builder().controllerPort(-1)).getMessage());
        assertEquals("nodeId must be at least 0: -1", assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaBroker.builder().nodeId(-1)).getMessage());
        assertEquals("nodes must be at least 1: 0", assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaCluster.builder().nodes(0)).getMessage());
    }

    @Test
    void roundTripKeepsTheLongKeyBytesAndTheValue() throws Exception {
        String topic = KAFKA.createUniqueTopic("round-trip", 1);

        send(KAFKA.bootstrapServers(), topic, 1098L, "{\"probeId\":1098}");

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, 1, TIMEOUT);
        assertEquals(1, records.size());
        assertArrayEquals(longBytes(1098L), records.get(0).key());
        assertEquals("{\"probeId\":1098}", utf8(records.get(0).value()));
    }

    @Test
    void readToEndReturnsEveryRecordOfEveryPartitionAndRefusesAMissingTopic() throws Exception {
        String topic = KAFKA.createUniqueTopic("to-end", 3);
        for (long key = 1; key <= 5; key++) {
            send(KAFKA.bootstrapServers(), topic, key, "value-" + key);
        }

        TopicReader reader = new TopicReader(KAFKA.bootstrapServers());
        assertEquals(Set.of("value-1", "value-2", "value-3", "value-4", "value-5"), reader.readToEnd(topic, TIMEOUT)
                .stream().map(r -> utf8(r.value())).collect(Collectors.toSet()));
        assertThrows(EmbeddedKafkaException.class, () -> reader.readToEnd("no-such-topic", Duration.ofSeconds(1)));
    }

    @Test
    void consumerGroupsWorkOnASingleBroker() throws Exception {
        String topic = KAFKA.createUniqueTopic("group", 1);
        send(KAFKA.bootstrapServers(), topic, 7L, "seven");

        try (KafkaConsumer<Long, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "knowledge-base-loader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new LongDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            List<ConsumerRecord<Long, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
            }
            assertEquals(1, received.size());
            assertEquals(7L, received.get(0).key());
            consumer.commitSync(TIMEOUT);
        }
    }

    @Test
    void createTopicIsIdempotent() throws Exception {
        String topic = KAFKA.createUniqueTopic("idempotent", 2);
        KAFKA.createTopic(topic, 2);
        KAFKA.createTopic(topic, 5);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            int partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().size();
            assertEquals(2, partitions);
        }
    }

    @Test
    void restartKeepsPortsAndData() throws Exception {
        EmbeddedKafkaBroker broker = KAFKA.broker();
        String topic = KAFKA.createUniqueTopic("restart", 1);
        send(KAFKA.bootstrapServers(), topic, 1L, "before restart");
        String bootstrap = broker.bootstrapServers();

        broker.stop();
        try {
            assertFalse(broker.isRunning());
            assertEquals(bootstrap, broker.bootstrapServers());
        } finally {
            broker.start();
        }

        assertTrue(broker.isRunning());
        assertEquals(bootstrap, broker.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, 1, TIMEOUT);
        assertEquals(List.of("before restart"), records.stream().map(r -> utf8(r.value())).toList());
        send(KAFKA.bootstrapServers(), topic, 2L, "after restart");
        broker.restart();
        assertEquals(2, KAFKA.read(topic, 2, TIMEOUT).size());
    }

    @Test
    void aNewBrokerOnTheSameDataDirectoryReusesItsStorage(@TempDir Path dataDirectory) throws Exception {
        String topic = "kept";
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(dataDirectory).build()) {
            first.start();
            first.createTopic(topic, 1);
            send(first.bootstrapServers(), topic, 3L, "kept across brokers");
        }
        assertTrue(Files.exists(dataDirectory.resolve("meta.properties")), "a chosen data directory is kept");
        String clusterId = clusterId(dataDirectory);

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDirectory(dataDirectory).build()) {
            second.start();
            List<ConsumerRecord<byte[], byte[]>> records = new TopicReader(second.bootstrapServers()).read(topic, 1, TIMEOUT);
            assertEquals("kept across brokers", utf8(records.get(0).value()));
        }
        assertEquals(clusterId, clusterId(dataDirectory), "the storage was not formatted again");
    }

    @Test
    void aTakenPortFailsTheStartWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build()) {
            EmbeddedKafkaException e = assertThrows(EmbeddedKafkaException.class, broker::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertFalse(broker.isRunning());
        }
    }

    @Test
    void aCleanStopClosesEveryClientOnce() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple writes to System.err
            broker.stop();
        } finally {
            System.setErr(stderr);
        }
        String stop = log.toString(StandardCharsets.UTF_8);
        assertTrue(stop.contains("stopped in"), "the stop was logged: " + stop);
        assertFalse(stop.contains("already been closed"), stop);
    }

    @Test
    void aTemporaryDataDirectoryIsDeletedOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
        Path directory = broker.dataDirectory();
        assertTrue(Files.isDirectory(directory));
        broker.close();
        assertFalse(Files.exists(directory));
        assertThrows(IllegalStateException.class, broker::start);
    }

    private static String clusterId(Path dataDirectory) throws IOException {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dataDirectory.resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }
}
