package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.IngestTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Kafka gone the server answers 503 + Retry-After and stores nothing; when it is back, 200 again. */
class KafkaOutageTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void answers503WhileKafkaIsDownAnd200WhenItIsBack() throws Exception {
        String topic = "topic-monitor-" + UUID.randomUUID();
        KAFKA.createTopic(topic, 1);
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic)
                .kafkaTimeout(Duration.ofSeconds(3)).retryAfter(Duration.ofSeconds(2)).build())) {
            TestHttp http = new TestHttp(server.baseUri());
            assertEquals(200, http.postJson(TestHttp.message(1, 1, 1)).statusCode());

            KAFKA.broker().stop();
            try {
                HttpResponse<String> refused = http.postJson(TestHttp.message(1, 2, 2));
                assertProblem(refused, 503, "unavailable");
                assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
                assertEquals(503, http.get("health/ready").statusCode());
            } finally {
                KAFKA.broker().start();
            }

            assertTrue(eventually200(http, TestHttp.message(1, 3, 3)), "no 200 after Kafka came back");
            List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, 3, Duration.ofSeconds(5));
            assertEquals(List.of(1L, 3L), records.stream().map(r -> ByteBuffer.wrap(r.key()).getLong()).toList());
        }
    }

    private static boolean eventually200(TestHttp http, String message) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.postJson(message);
            if (response.statusCode() == 200) {
                return true;
            }
            assertEquals(503, response.statusCode(), response.body());
            Thread.sleep(500);
        }
        return false;
    }
}
