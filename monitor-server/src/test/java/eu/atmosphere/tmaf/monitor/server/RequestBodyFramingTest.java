package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The body limit and the body's bytes however it is framed (Content-Length, chunked, gzip), at
 * the limit and one byte beyond, against a real server and a real Kafka broker.
 */
class RequestBodyFramingTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int LIMIT = 4096;
    private static final byte[] MESSAGE = TestHttp.SEED_MESSAGE.getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final TopicServer monitor = TopicServer.extension(KAFKA, 3, ServerConfig.builder().maxBodyBytes(LIMIT));

    @Test
    void storesAChunkedBodyAsSent() {
        assertEquals(200, monitor.http().postChunked(MESSAGE).statusCode());

        assertStored(1);
    }

    @Test
    void acceptsABodyOfExactlyTheLimitHoweverFramed() {
        byte[] atLimit = padded(LIMIT);

        assertEquals(200, monitor.http().post("monitor", "application/json", atLimit).statusCode());
        assertEquals(200, monitor.http().postChunked(atLimit).statusCode());
        assertEquals(200, monitor.http().post("monitor", "application/json", TestHttp.gzip(atLimit), "Content-Encoding", "gzip")
                .statusCode());

        assertStored(3);
    }

    @Test
    void refusesOneByteBeyondTheLimitHoweverFramed() {
        byte[] beyond = padded(LIMIT + 1);

        IngestTest.assertProblem(monitor.http().post("monitor", "application/json", beyond), 413, "payload-too-large");
        IngestTest.assertProblem(monitor.http().postChunked(beyond), 413, "payload-too-large");
        IngestTest.assertProblem(monitor.http().post("monitor", "application/json", TestHttp.gzip(beyond),
                "Content-Encoding", "gzip"), 413, "payload-too-large");
    }

    @Test
    void answersAnEmptyBodyAsMalformed() {
        IngestTest.assertProblem(monitor.http().post("monitor", "application/json", new byte[0]), 400, "malformed-json");
        IngestTest.assertProblem(monitor.http().postChunked(new byte[0]), 400, "malformed-json");
    }

    /** @return the seed message followed by spaces, {@code size} bytes in all */
    private static byte[] padded(int size) {
        byte[] body = Arrays.copyOf(MESSAGE, size);
        Arrays.fill(body, MESSAGE.length, size, (byte) ' ');
        return body;
    }

    /** Every record holds the message alone (the padding stripped), and nothing else was stored. */
    private void assertStored(int count) {
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(monitor.topic(), count + 1, Duration.ofSeconds(3));
        assertEquals(count, records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertArrayEquals(MESSAGE, record.value());
        }
    }
}
