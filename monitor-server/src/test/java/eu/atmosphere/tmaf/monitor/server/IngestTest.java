package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every status of POST /monitor against a real server and a real Kafka broker. */
class IngestTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 64 * 1024;

    @RegisterExtension
    final TopicServer monitor = TopicServer.extension(KAFKA, 3, ServerConfig.builder().maxBodyBytes(LIMIT));

    @Test
    void storesTheSeedMessageWithItsResourceIdAsBigEndianLongKey() {
        HttpResponse<String> response = monitor.http().postJson(TestHttp.SEED_MESSAGE);

        assertEquals(200, response.statusCode());
        assertEquals("0", response.body());
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(monitor.topic(), 1, Duration.ofSeconds(10));
        assertEquals(1, records.size());
        assertEquals(8, records.get(0).key().length);
        assertEquals(101098L, ByteBuffer.wrap(records.get(0).key()).getLong());
        assertArrayEquals(TestHttp.SEED_MESSAGE.getBytes(StandardCharsets.UTF_8), records.get(0).value());
    }

    @Test
    void answersJsonWhenAsked() throws Exception {
        HttpResponse<String> response = monitor.http().post("monitor", "application/json",
                TestHttp.message(1, 2, 3).getBytes(StandardCharsets.UTF_8), "Accept", "application/json");

        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(1, body.get("accepted").intValue());
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), body.get("requestId").textValue());
    }

    @Test
    void storesEachMessageOfABatchAsOneRecord() throws Exception {
        String batch = "[" + TestHttp.message(7, 100, 1) + "," + TestHttp.message(7, 101, 2) + ","
                + TestHttp.message(7, 102, 3) + "]";

        assertEquals(200, monitor.http().postJson(batch).statusCode());

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(monitor.topic(), 3, Duration.ofSeconds(10));
        assertEquals(3, records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode value = JSON.readTree(record.value());
            assertEquals(value.get("resourceId").longValue(), ByteBuffer.wrap(record.key()).getLong());
            assertEquals(JSON.readTree(TestHttp.message(7, value.get("resourceId").longValue(),
                    value.get("messageId").longValue())), value);
        }
    }

    @Test
    void acceptsGzip() {
        byte[] body = TestHttp.gzip(TestHttp.SEED_MESSAGE.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = monitor.http().post("monitor", "application/json", body, "Content-Encoding", "gzip");

        assertEquals(200, response.statusCode());
        assertEquals(1, KAFKA.read(monitor.topic(), 1, Duration.ofSeconds(10)).size());
    }

    @Test
    void rejectsAnInvalidMessageListingEveryViolation() throws Exception {
        String invalid = "{\"probeId\":-1,\"resourceId\":1.5,\"messageId\":0,\"sentTime\":1,"
                + "\"data\":[{\"type\":\"metric\",\"descriptionId\":0,\"observations\":[{\"time\":1,\"value\":1}]}]}";

        HttpResponse<String> response = monitor.http().postJson(invalid);

        assertProblem(response, 400, "invalid-message");
        JsonNode violations = JSON.readTree(response.body()).get("violations");
        assertEquals(List.of("/probeId", "/resourceId", "/data/0/type"),
                violations.findValuesAsText("pointer").stream().sorted((a, b) -> order(a) - order(b)).toList());
        assertNothingStoredBut(monitor.http());
    }

    @Test
    void rejectsABatchWithOneBadItemNamingItsIndexAndStoresNoneOfIt() throws Exception {
        String batch = "[" + TestHttp.message(1, 1, 1) + ",{\"probeId\":1,\"resourceId\":1,\"messageId\":2,"
                + "\"sentTime\":1,\"data\":[]}," + TestHttp.message(1, 1, 3) + "]";

        HttpResponse<String> response = monitor.http().postJson(batch);

        assertProblem(response, 400, "invalid-message");
        JsonNode violation = JSON.readTree(response.body()).get("violations").get(0);
        assertEquals(1, violation.get("index").intValue());
        assertEquals("/1/data", violation.get("pointer").textValue());
        assertEquals("minItems", violation.get("keyword").textValue());
        assertNothingStoredBut(monitor.http());
    }

    /** Found by RequestFuzzTest: an empty batch was a 500 (the problem's batch index of the root pointer). */
    @Test
    void rejectsAnEmptyBatchAsInvalid() throws Exception {
        HttpResponse<String> response = monitor.http().postJson("[]");

        assertProblem(response, 400, "invalid-message");
        assertEquals("minItems", JSON.readTree(response.body()).get("violations").get(0).get("keyword").textValue());
        assertProblem(monitor.http().post("monitor/validate", "application/json", "[]".getBytes(StandardCharsets.UTF_8)),
                400, "invalid-message");
    }

    @Test
    void rejectsMalformedJsonWithItsPosition() throws Exception {
        HttpResponse<String> response = monitor.http().postJson("{\"probeId\": 1,,}");

        assertProblem(response, 400, "malformed-json");
        assertTrue(JSON.readTree(response.body()).get("detail").textValue().startsWith("line 1, column "));
        assertNothingStoredBut(monitor.http());
    }

    @Test
    void rejectsABodyOverTheLimit() {
        byte[] big = new byte[LIMIT + 1];
        java.util.Arrays.fill(big, (byte) ' ');

        assertProblem(monitor.http().post("monitor", "application/json", big), 413, "payload-too-large");
    }

    @Test
    void rejectsAGzipBombAtTheDecompressedLimit() {
        byte[] bomb = TestHttp.gzip(new byte[50 * LIMIT]);

        assertProblem(monitor.http().post("monitor", "application/json", bomb, "Content-Encoding", "gzip"),
                413, "payload-too-large");
    }

    @Test
    void rejectsCorruptGzip() {
        assertProblem(monitor.http().post("monitor", "application/json", "not gzip".getBytes(StandardCharsets.UTF_8),
                "Content-Encoding", "gzip"), 400, "malformed-gzip");
    }

    @Test
    void rejectsOtherMediaTypesAndEncodings() {
        byte[] body = TestHttp.SEED_MESSAGE.getBytes(StandardCharsets.UTF_8);

        assertProblem(monitor.http().post("monitor", "text/plain", body), 415, "unsupported-media-type");
        assertProblem(monitor.http().post("monitor", "application/x-www-form-urlencoded", body), 415, "unsupported-media-type");
        assertProblem(monitor.http().post("monitor", "application/json", body, "Content-Encoding", "br"),
                415, "unsupported-content-encoding");
    }

    @Test
    void answersUnknownRoutesAndMethodsWithProblems() {
        assertProblem(monitor.http().get("nothing-here"), 404, "not-found");
        assertProblem(monitor.http().get("monitor"), 405, "method-not-allowed");
        HttpResponse<String> postedSchema = monitor.http().post("schema", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertProblem(postedSchema, 405, "method-not-allowed");
        assertTrue(postedSchema.headers().firstValue("Allow").orElse("").contains("GET"),
                postedSchema.headers().map().toString());
    }

    @Test
    void reportsHealthAndMetrics() {
        assertEquals(200, monitor.http().get("health/live").statusCode());
        assertEquals(200, monitor.http().get("health/ready").statusCode());
        monitor.http().postJson(TestHttp.SEED_MESSAGE);
        monitor.http().postJson("{}");

        String metrics = monitor.http().get("metrics").body();

        assertTrue(metrics.contains("tma_monitor_messages_accepted_total 1.0"), metrics);
        assertTrue(metrics.contains("tma_monitor_requests_rejected_total{reason=\"invalid-message\"} 1.0"), metrics);
        assertTrue(metrics.contains("tma_monitor_kafka_send_duration_seconds_count 1"), metrics);
        assertTrue(metrics.contains("tma_monitor_http_requests_total{route=\"/monitor\",status=\"200\"} 1.0"), metrics);
    }

    private static int order(String pointer) {
        return List.of("/probeId", "/resourceId", "/data/0/type").indexOf(pointer);
    }

    /** Proves a refused request stored nothing: after one more valid message, the topic holds only that. */
    private void assertNothingStoredBut(TestHttp client) {
        assertEquals(200, client.postJson(TestHttp.message(99, 99, 99)).statusCode());
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(monitor.topic(), 2, Duration.ofSeconds(3));
        assertEquals(1, records.size());
        assertEquals(99L, ByteBuffer.wrap(records.get(0).key()).getLong());
    }

    static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        try {
            JsonNode problem = JSON.readTree(response.body());
            assertEquals("urn:tma-monitor:problem:" + slug, problem.get("type").textValue());
            assertEquals(status, problem.get("status").intValue());
            assertTrue(problem.get("detail").textValue().length() > 10);
            assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(),
                    problem.get("requestId").textValue());
        } catch (java.io.IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
