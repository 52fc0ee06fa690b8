package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.IngestTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaCluster;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.kafka.embedded.TopicReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23, receipts: the 200 names each stored record's partition and offset (index-aligned with the request's
 * messages); a 503 says whether nothing was stored ({@code "stored":"none"}) or the outcome is unknown
 * ({@code "stored":"unknown"}, with receipts for the records Kafka acknowledged and {@code null} for the others);
 * and an identical resend after "unknown" joins the records Kafka still has instead of duplicating them.
 */
class ReceiptsTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the200NamesEachRecordsPartitionAndOffsetInRequestOrder() throws Exception {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 3);
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).build())) {
            TestHttp http = new TestHttp(server.baseUri());
            List<String> messages = IntStream.rangeClosed(1, 6).mapToObj(i -> TestHttp.message(7, 100 + i, i)).toList();
            HttpResponse<String> answer = http.post("monitor", "application/json", batch(messages), "Accept",
                    "application/json");

            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode body = JSON.readTree(answer.body());
            assertEquals(6, body.get("accepted").intValue());
            assertEquals(answer.headers().firstValue("X-Request-Id").orElseThrow(), body.get("requestId").textValue());
            Map<String, ConsumerRecord<byte[], byte[]>> stored = byPosition(KAFKA.bootstrapServers(), topic, 6);
            for (int i = 0; i < messages.size(); i++) {
                JsonNode receipt = body.get("receipts").get(i);
                ConsumerRecord<byte[], byte[]> record = stored.get(position(receipt));
                assertArrayEquals(messages.get(i).getBytes(StandardCharsets.UTF_8), record.value(), "receipt " + i);
            }
            assertEquals("0", http.postJson(TestHttp.message(7, 107, 7)).body(), "plain text without Accept JSON");
        }
    }

    @Test
    void a503BeforePublishingSaysNothingWasStored() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers("127.0.0.1:" + closed).kafkaTimeout(Duration.ofSeconds(1)).build())) {
            HttpResponse<String> refused = new TestHttp(server.baseUri()).post("monitor", "application/json",
                    TestHttp.message(7, 1, 1).getBytes(StandardCharsets.UTF_8), "Accept", "application/json");
            assertProblem(refused, 503, "unavailable");
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            JsonNode body = JSON.readTree(refused.body());
            assertEquals("none", body.get("stored").textValue(), refused.body());
            assertTrue(body.path("receipts").isMissingNode(), refused.body());
        }
    }

    /**
     * A batch over three partitions, one of them on a node that is down (replication factor 1): Kafka acknowledges
     * the records of the two others, the request times out, and the 503 names them; once the node is back, the
     * same batch sent again joins the records the producer still had: every message is in Kafka exactly once.
     */
    @Test
    void a503AfterPublishingNamesTheStoredRecordsAndAnIdenticalResendJoinsTheRest() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build()) {
            cluster.start();
            String topic = "topic-monitor-" + UUID.randomUUID();
            onePartitionPerNode(cluster.bootstrapServers(), topic);
            try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                    .kafkaBootstrapServers(cluster.bootstrapServers()).topic(topic).kafkaTimeout(Duration.ofSeconds(2))
                    .build())) {
                TestHttp http = new TestHttp(server.baseUri());
                List<String> messages = IntStream.rangeClosed(1, 12).mapToObj(i -> TestHttp.message(7, i, i)).toList();
                assertEquals(200, http.postJson(TestHttp.message(7, 99, 99)).statusCode(), "control");

                cluster.stopNode(3);
                HttpResponse<String> unknown = http.post("monitor", "application/json", batch(messages), "Accept",
                        "application/json");
                assertProblem(unknown, 503, "unavailable");
                JsonNode body = JSON.readTree(unknown.body());
                assertEquals("unknown", body.get("stored").textValue(), unknown.body());
                JsonNode receipts = body.get("receipts");
                assertEquals(12, receipts.size(), unknown.body());
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    if (receipts.get(i).isNull()) {
                        missing.add(i);
                    } else {
                        assertTrue(receipts.get(i).get("partition").intValue() != 2, unknown.body());
                    }
                }
                assertTrue(!missing.isEmpty() && missing.size() < 12, "some stored, some not: " + unknown.body());

                cluster.startNode(3);
                HttpResponse<String> resent = http.post("monitor", "application/json", batch(messages), "Accept",
                        "application/json");
                assertEquals(200, resent.statusCode(), resent.body());
                JsonNode again = JSON.readTree(resent.body()).get("receipts");
                for (int i = 0; i < 12; i++) {
                    if (!receipts.get(i).isNull()) {
                        assertEquals(receipts.get(i), again.get(i), "the record stored before, not a new one");
                    }
                }
                Map<String, ConsumerRecord<byte[], byte[]>> stored = byPosition(cluster.bootstrapServers(), topic, 13);
                assertEquals(13, stored.size(), "each message once (and the control): " + stored.keySet());
                for (int i = 0; i < 12; i++) {
                    assertArrayEquals(messages.get(i).getBytes(StandardCharsets.UTF_8),
                            stored.get(position(again.get(i))).value(), "receipt " + i);
                }
            }
        }
    }

    /** Replication factor 1, partition p on node p + 1: a stopped node takes its partition with it. */
    private static void onePartitionPerNode(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1), 1, List.of(2), 2, List.of(3)))))
                    .all().get();
        }
    }

    private static byte[] batch(List<String> messages) {
        return ("[" + String.join(",", messages) + "]").getBytes(StandardCharsets.UTF_8);
    }

    private static String position(JsonNode receipt) {
        return receipt.get("partition").intValue() + "@" + receipt.get("offset").longValue();
    }

    /** @return every record of the topic by "partition@offset", reading until at least {@code expected} arrived */
    private static Map<String, ConsumerRecord<byte[], byte[]>> byPosition(String bootstrapServers, String topic,
                                                                         int expected) {
        Map<String, ConsumerRecord<byte[], byte[]>> records = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : new TopicReader(bootstrapServers).read(topic, expected + 1,
                Duration.ofSeconds(5))) {
            Optional.ofNullable(records.put(record.partition() + "@" + record.offset(), record)).ifPresent(duplicate -> {
                throw new AssertionError("read twice: " + duplicate);
            });
        }
        return records;
    }
}
