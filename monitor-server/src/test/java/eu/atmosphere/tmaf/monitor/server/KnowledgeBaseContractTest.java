package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import eu.atmosphere.tmaf.monitor.schema.Corpus;
import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import eu.atmosphere.tmaf.monitor.server.ingest.LegacyInvalidAnswer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor as a drop-in for the TMA ecosystem, against a real server and Kafka broker: what it
 * stores, the knowledge-base loader reads back as sent ({@link KnowledgeBaseLoader}); what the
 * loader would corrupt is refused at the edge; probes on the original library survive their
 * invalid messages when the operator asks for it. Pins reproductions 1, 2, 3 and 6 of issue 13.
 */
class KnowledgeBaseContractTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** Issue 13, reproduction 1, byte for byte. */
    private static final String ISSUE_MESSAGE = "{\"probeId\":2,\"resourceId\":2,\"messageId\":1,\"sentTime\":1796080013,"
            + "\"data\":[{\"type\":\"measurement\",\"descriptionId\":4,\"observations\":[{\"time\":1796060050,\"value\":37.5}]}]}";
    /** What the original Java library's JAX-RS client (Jersey 2.27 on JDK 8) sends. */
    private static final String ORIGINAL_USER_AGENT = "Jersey/2.27 (HttpUrlConnection 1.8.0_181)";

    private final List<MonitorServer> servers = new ArrayList<>();
    private String topic;

    @AfterEach
    void stop() {
        servers.forEach(MonitorServer::close);
    }

    /** One partition, so records keep the order of the requests. */
    private TestHttp start(UnaryOperator<ServerConfig.Builder> options) {
        topic = KAFKA.createUniqueTopic("topic-monitor-kb", 1);
        MonitorServer server = MonitorServer.start(options.apply(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic)).build());
        servers.add(server);
        return new TestHttp(server.baseUri());
    }

    @Test
    void everyContractCorpusDocumentIsReadByTheLoaderAsSentAlsoWithBomWhitespaceAndGzip() throws Exception {
        TestHttp http = start(options -> options);
        List<JsonNode> sent = new ArrayList<>();
        for (String file : Corpus.documents(Corpus.VALID)) {
            byte[] document = Corpus.read(Corpus.VALID, file);
            JsonNode parsed = JsonDocumentParser.DEFAULT.parse(document);
            List<JsonNode> messages = new ArrayList<>();
            (parsed.isArray() ? parsed : List.of(parsed)).forEach(messages::add);
            for (byte[] body : List.of(document, concat(BOM, document),
                    concat(" \r\n\t".getBytes(StandardCharsets.US_ASCII), document, "\n ".getBytes(StandardCharsets.US_ASCII)))) {
                assertEquals(200, http.post("monitor", "application/json", body).statusCode(), file);
                assertEquals(200, http.post("monitor", "application/json", TestHttp.gzip(body),
                        "Content-Encoding", "gzip").statusCode(), file + " gzip");
                sent.addAll(messages);
                sent.addAll(messages);
            }
        }
        assertStored(sent);
    }

    @Test
    void reproduction1AMessageStartingWithAByteOrderMarkIsStoredWithoutIt() throws Exception {
        TestHttp http = start(options -> options);
        byte[] withBom = concat(BOM, ISSUE_MESSAGE.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> plain = http.post("monitor", "application/json", withBom);
        HttpResponse<String> gzip = http.post("monitor", "application/json", TestHttp.gzip(withBom),
                "Content-Encoding", "gzip");

        assertEquals(200, plain.statusCode(), plain.body());
        assertEquals(200, gzip.statusCode(), gzip.body());
        JsonNode sent = JsonDocumentParser.DEFAULT.parse(ISSUE_MESSAGE.getBytes(StandardCharsets.UTF_8));
        assertStored(List.of(sent, sent));
        ConsumerRecord<byte[], byte[]> stored = KAFKA.read(topic, 1, Duration.ofSeconds(10)).get(0);
        assertEquals(ISSUE_MESSAGE, new String(stored.value(), StandardCharsets.UTF_8), "the probe's bytes, BOM removed");
    }

    @Test
    void bodiesInOtherEncodingsAreRefusedNotStored() throws Exception {
        TestHttp http = start(options -> options);
        String withAccent = ISSUE_MESSAGE.replace("{\"probeId\"", "{\"host\":\"caf\u00e9\",\"probeId\"");
        List<byte[]> bodies = List.of(
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, withAccent.getBytes(StandardCharsets.UTF_16LE)),
                withAccent.getBytes(StandardCharsets.UTF_16BE),
                withAccent.getBytes(StandardCharsets.ISO_8859_1),
                concat(" ".getBytes(StandardCharsets.US_ASCII), BOM, ISSUE_MESSAGE.getBytes(StandardCharsets.UTF_8)));

        for (byte[] body : bodies) {
            HttpResponse<String> refused = http.post("monitor", "application/json", body);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("malformed-json"), refused.body());
        }
        assertNothingStoredBut(http, topic);
    }

    /** field, value, pointer, keyword, part of the reason. */
    private static final String[][] CORRUPTED_DOWNSTREAM = {
        {"resourceId", "4294967297", "/resourceId", "maximum", "32-bit int"},
        {"resourceId", "2147483648", "/resourceId", "maximum", "32-bit int"},
        {"probeId", "2147483648", "/probeId", "maximum", "32-bit int"},
        {"descriptionId", "2147483648", "/data/0/descriptionId", "maximum", "32-bit int"},
        {"time", "1796080013000", "/data/0/observations/0/time", "maximum", "it looks like milliseconds"},
        {"time", "2147483648", "/data/0/observations/0/time", "maximum", "epoch seconds 1..2147483647"},
        {"time", "0", "/data/0/observations/0/time", "minimum", "epoch seconds 1..2147483647"},
    };

    @Test
    void reproductions2And3WhatTheLoaderWouldCorruptIsRefusedByDefaultAndAcceptedWithFull64Bit() throws Exception {
        TestHttp strict = start(options -> options);
        String strictTopic = topic;
        TestHttp full = start(options -> options.acceptanceProfile(AcceptanceProfile.FULL_64BIT));

        for (String[] c : CORRUPTED_DOWNSTREAM) {
            String message = ISSUE_MESSAGE.replaceFirst("\"" + c[0] + "\":\\d+", "\"" + c[0] + "\":" + c[1]);
            HttpResponse<String> refused = strict.postJson(message);

            assertEquals(400, refused.statusCode(), refused.body());
            JsonNode violations = JSON.readTree(refused.body()).get("violations");
            assertEquals(1, violations.size(), refused.body());
            assertEquals(c[2], violations.get(0).get("pointer").textValue());
            assertEquals(c[3], violations.get(0).get("keyword").textValue());
            assertTrue(violations.get(0).get("message").textValue().contains(c[4]), violations.toString());
            assertEquals(200, full.postJson(message).statusCode(), message);
        }
        assertEquals(400, strict.post("monitor", "application/json", ISSUE_MESSAGE.replace("\"probeId\":2",
                "\"probeId\":-2").getBytes(StandardCharsets.UTF_8), "User-Agent", ORIGINAL_USER_AGENT).statusCode(),
                "--legacy-invalid-answer is off by default");
        assertNothingStoredBut(strict, strictTopic);
        assertEquals(CORRUPTED_DOWNSTREAM.length, KAFKA.read(topic, CORRUPTED_DOWNSTREAM.length, Duration.ofSeconds(10)).size());

        assertEquals(JSON.readTree(AcceptanceProfile.KNOWLEDGE_BASE.schemaText()), JSON.readTree(strict.get("schema").body()));
        assertEquals(JSON.readTree(AcceptanceProfile.FULL_64BIT.schemaText()), JSON.readTree(full.get("schema").body()));
        String page = strict.get("").body();
        assertTrue(page.contains("<code>knowledge-base</code>"), "the page states the profile");
        assertTrue(page.contains("and ignores the <code>type</code>"), "the page warns of the knowledge base's key");
        assertTrue(full.get("").body().contains("<code>full-64bit</code>"));
    }

    @Test
    void reproduction6TheOriginalClientGetsTheOriginalAnswerToAnInvalidMessageAndNothingIsStored() throws Exception {
        TestHttp http = start(options -> options.legacyInvalidAnswer(LegacyInvalidAnswer.ORIGINAL_CLIENT));
        String legacyTopic = topic;
        // the seed's Java probe: observation times in milliseconds (new Date().getTime())
        String seedJavaProbe = new String(Corpus.read(Corpus.FULL_64BIT_ONLY, "seed-java-client-example.json"),
                StandardCharsets.UTF_8);

        StderrCapture log = new StderrCapture().start();
        HttpResponse<String> original;
        try (log) {
            original = http.post("monitor", "application/json", seedJavaProbe.getBytes(StandardCharsets.UTF_8),
                    "User-Agent", ORIGINAL_USER_AGENT, "Accept", "application/json");
        }
        HttpResponse<String> modern = http.post("monitor", "application/json",
                seedJavaProbe.getBytes(StandardCharsets.UTF_8), "User-Agent", "tma-monitor-client/0.1");
        HttpResponse<String> asksForProblems = http.post("monitor", "application/json",
                seedJavaProbe.getBytes(StandardCharsets.UTF_8), "User-Agent", ORIGINAL_USER_AGENT,
                "Accept", "application/problem+json");
        HttpResponse<String> malformed = http.post("monitor", "application/json",
                "{\"probeId\":".getBytes(StandardCharsets.UTF_8), "User-Agent", ORIGINAL_USER_AGENT);

        assertEquals(200, original.statusCode());
        assertTrue(original.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(original.body().matches("(?s)Number of errors: 2\n\\['/data/0/observations/0/time: 1535971455000 is "
                + "greater than the maximum 2147483647 .*it looks like milliseconds.*', '/data/1/observations/0/time: .*'\\]\n"),
                original.body());
        String requestId = original.headers().firstValue("X-Request-Id").orElseThrow();
        String logged = log.text();
        assertTrue(logged.contains("WARN") && logged.contains("requestId=" + requestId + " rejected reason=invalid-message "
                + "violations=2") && logged.contains("answered 200 with the original monitor's error text"), logged);
        assertEquals(400, modern.statusCode());
        assertEquals(400, asksForProblems.statusCode());
        assertEquals(400, malformed.statusCode(), "the original answered malformed JSON with an error status too");
        assertNothingStoredBut(http, legacyTopic);
        String metrics = http.get("metrics").body();
        assertTrue(metrics.contains("tma_monitor_requests_rejected_total{reason=\"invalid-message-legacy-answer\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("tma_monitor_requests_rejected_total{reason=\"invalid-message\"} 2.0"), metrics);
    }

    /**
     * Posts a valid sentinel after the refused requests and asserts it is the first record of the
     * (one-partition) topic: nothing was stored before it.
     */
    private static void assertNothingStoredBut(TestHttp http, String topicName) throws Exception {
        assertEquals(200, http.postJson(TestHttp.message(1, 1, 99)).statusCode());
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topicName, 1, Duration.ofSeconds(10));
        assertEquals(0, records.get(0).offset(), "only the sentinel is stored");
        KnowledgeBaseLoader.assertStoredAsSent(JsonDocumentParser.DEFAULT.parse(
                TestHttp.message(1, 1, 99).getBytes(StandardCharsets.UTF_8)), records.get(0));
    }

    private void assertStored(List<JsonNode> sent) {
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, sent.size(), Duration.ofSeconds(20));
        assertEquals(sent.size(), records.size());
        for (int i = 0; i < sent.size(); i++) {
            KnowledgeBaseLoader.assertStoredAsSent(sent.get(i), records.get(i));
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
