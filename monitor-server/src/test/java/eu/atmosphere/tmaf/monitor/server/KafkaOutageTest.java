package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.IngestTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With Kafka gone the server answers 503 + Retry-After, "outcome unknown" for a request whose records the producer
 * still holds; when Kafka is back, 200 again, and the probe's resend of that request joins its records: each
 * message is in Kafka once. A producer that answers later than it should still gets every request an answer in
 * time.
 */
class KafkaOutageTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void answers503WhileKafkaIsDownAnd200WhenItIsBack() throws Exception {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
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
                // refused before publishing if the readiness check saw the broker go first, else attempted and timed out
                assertTrue(refused.body().contains("\"stored\":\"none\"")
                        || refused.body().contains("\"stored\":\"unknown\",\"receipts\":[null]"), refused.body());
                assertEquals(503, http.get("health/ready").statusCode());
            } finally {
                KAFKA.broker().start();
            }

            assertTrue(eventually200(http, TestHttp.message(1, 2, 2)), "no 200 for the resend after Kafka came back");
            assertEquals(200, http.postJson(TestHttp.message(1, 3, 3)).statusCode());
            List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, 4, Duration.ofSeconds(5));
            assertEquals(List.of(1L, 2L, 3L), records.stream().map(r -> ByteBuffer.wrap(r.key()).getLong()).toList(),
                    "message 2 once: its resend joined the record the producer held, or was its first copy");
        }
    }

    /**
     * A request is answered at the Kafka timeout plus 2 s whatever the producer does (here its network thread is
     * held on every acknowledgement, as a stuck producer would): 503, saying the outcome is unknown; the record
     * may be stored after all, and here it is. The producer's own timeouts cannot be set as Kafka properties.
     */
    @Test
    void aLateAcknowledgementIsAnswered503InTimeAndTheRecordMayStillBeStored() throws Exception {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).kafkaTimeout(Duration.ofSeconds(1))
                .retryAfter(Duration.ofSeconds(2)).kafkaSettings(KafkaClientSettings.of(Map.of("interceptor.classes",
                        SlowAcknowledgements.class.getName()))).build())) {
            TestHttp http = new TestHttp(server.baseUri());
            long start = System.nanoTime();

            HttpResponse<String> late = http.postJson(TestHttp.message(1, 7, 1));

            double seconds = (System.nanoTime() - start) / 1e9;
            assertProblem(late, 503, "unavailable");
            assertTrue(late.body().contains("did not acknowledge in time"), late.body());
            assertEquals("2", late.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(seconds >= 2.5 && seconds < SlowAcknowledgements.DELAY_MILLIS / 1000.0,
                    "answered at the Kafka timeout + 2 s, before Kafka's late answer: " + seconds + " s");
            List<ConsumerRecord<byte[], byte[]>> stored = KAFKA.read(topic, 1, Duration.ofSeconds(20));
            assertEquals(List.of(7L), stored.stream().map(r -> ByteBuffer.wrap(r.key()).getLong()).toList());
        }
    }

    @Test
    void theTimeoutsThatBoundKafkasAnswerCannotBeSetAsKafkaProperties() {
        for (String key : List.of("delivery.timeout.ms", "request.timeout.ms", "max.block.ms")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> KafkaClientSettings.of(Map.of(key, "600000")), key);
            assertTrue(refused.getMessage().contains("--kafka-timeout-seconds"), refused.getMessage());
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
