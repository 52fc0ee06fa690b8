package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaCluster;
import eu.atmosphere.tmaf.monitor.kafka.embedded.TopicReader;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, receipts, end to end: the real monitor on a 3-node Kafka cluster whose topic has one partition per
 * node (replication factor 1). With one node down, the monitor stores the batch's records of the two other
 * partitions and answers 503 "outcome unknown" naming them; the client settles those (receipts), sends only the
 * others again, counts them as outcome-unknown resends, and once the node is back every message is in Kafka
 * exactly once, each where its receipt says.
 */
class ReceiptsDeliveryTest {

    @Test
    void aPartialOutageIsSettledByReceiptsWithoutDuplicates() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build()) {
            cluster.start();
            String topic = "topic-monitor-" + UUID.randomUUID();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1), 1, List.of(2), 2, List.of(3)))))
                        .all().get();
            }
            try (MonitorServer server = MonitorServer.start(ServerConfig.builder().bindAddress("127.0.0.1").port(0)
                    .kafkaBootstrapServers(cluster.bootstrapServers()).topic(topic).kafkaTimeout(Duration.ofSeconds(1))
                    .retryAfter(Duration.ofSeconds(1)).build())) {
                List<Receipt> receipts = new CopyOnWriteArrayList<>();
                ClientConfig config = ClientConfig.builder(Map.of()).endpoint(server.baseUri().toString()).probeId(7)
                        .batchSize(12).linger(Duration.ofSeconds(30)).receiptListener(receipts::add)
                        .retryPolicy(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0.2, 3)).build();
                List<Message> sent = new ArrayList<>();
                try (BackgroundClient client = new BackgroundClient(config)) {
                    for (int resource = 1; resource <= 12; resource++) {
                        Message message = ProtocolTest.message(client, resource);
                        assertTrue(client.send(message) >= 1);
                        sent.add(message);
                    }
                    cluster.stopNode(3);
                    client.start();
                    awaitTrue(() -> client.stats().outcomeUnknownResends() > 0, client);
                    ClientStats partial = client.stats();
                    assertTrue(partial.sent() > 0 && partial.sent() < 12, "the two live partitions: " + partial);
                    cluster.startNode(3);
                    assertTrue(client.stop(Duration.ofSeconds(60)), () -> client.stats().toString());
                    ClientStats stats = client.stats();
                    assertEquals(12, stats.sent());
                    assertEquals(12, stats.receipts());
                    assertTrue(stats.outcomeUnknownResends() >= 12 - partial.sent(), stats.toString());
                }
                Map<Long, Receipt> byMessage = receipts.stream().collect(Collectors.toMap(Receipt::messageId, r -> r));
                assertEquals(12, byMessage.size(), receipts.toString());
                Map<String, Long> stored = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : new TopicReader(cluster.bootstrapServers())
                        .read(topic, 13, Duration.ofSeconds(5))) {
                    Long previous = stored.put(record.partition() + "@" + record.offset(),
                            MessageCodec.INSTANCE.fromJson(record.value()).getMessageId());
                    assertEquals(null, previous);
                }
                assertEquals(12, stored.size(), "each message exactly once: " + stored);
                for (Message message : sent) {
                    Receipt receipt = byMessage.get(message.getMessageId());
                    assertEquals(message.getMessageId(), stored.get(receipt.partition() + "@" + receipt.offset()),
                            "the receipt names the message's record");
                }
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, BackgroundClient client)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> client.stats().toString());
            Thread.sleep(50);
        }
    }
}
