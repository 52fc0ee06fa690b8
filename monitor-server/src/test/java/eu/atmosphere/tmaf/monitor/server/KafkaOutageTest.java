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
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With Kafka gone the server answers 503 + Retry-After and stores nothing; when it is back, 200
 * again. A producer that answers later than it promised still gets every request an answer in time.
 */
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

    /**
     * The producer's delivery timeout follows {@code --kafka-timeout-seconds} and cannot be set otherwise, so
     * Kafka answers every record in time; should its answer come later anyway (here its network thread is held
     * on every acknowledgement), the request is answered 503 at the Kafka timeout plus 2 s, saying the outcome
     * is unknown: the record may be stored after all, and here it is.
     */
    @Test
    void aLateAcknowledgementIsAnswered503InTimeAndTheRecordMayStillBeStored() throws Exception {
        String topic = "topic-monitor-" + UUID.randomUUID();
        KAFKA.createTopic(topic, 1);
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
