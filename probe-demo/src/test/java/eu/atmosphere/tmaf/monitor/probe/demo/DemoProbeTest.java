package eu.atmosphere.tmaf.monitor.probe.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeCommandLine;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The demo probe against the real monitor server and a real Kafka broker, both in-process. */
class DemoProbeTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @Test
    void threeRoundsArriveInKafkaWithTheSeedsData() throws IOException {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        long before = Instant.now().getEpochSecond();
        int exit;
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).build())) {
            exit = run("--url", server.baseUri().toString(), "--count", "3", "--interval", "100ms");
        }
        long after = Instant.now().getEpochSecond();

        assertEquals(0, exit, progress.toString(StandardCharsets.UTF_8));
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, 4, Duration.ofSeconds(5));
        assertEquals(3, records.size());
        Set<Long> messageIds = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertEquals(101098L, ByteBuffer.wrap(record.key()).getLong());
            JsonNode message = JSON.readTree(record.value());
            assertEquals(1098, message.get("probeId").asLong());
            assertEquals(101098, message.get("resourceId").asLong());
            messageIds.add(message.get("messageId").asLong());
            JsonNode data = message.get("data");
            assertEquals(20, data.size());
            for (int i = 0; i < 10; i++) {
                assertItem(data.get(2 * i), "measurement", i, 20000.00001 + i, before, after);
                assertItem(data.get(2 * i + 1), "event", 10 + i, 10000.00001 + i, before, after);
            }
        }
        assertEquals(3, messageIds.size(), "distinct messageIds");
        String lastLine = progress.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(lastLine.contains("progress: rounds=3 messages=3 sent=3 queued=0 retried=0 rejected=0 dropped=0"),
                lastLine);
    }

    @Test
    void anUnreachableMonitorEndsWithExitCodeOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int exit = run("--url", "http://127.0.0.1:" + closedPort, "--count", "1", "--drain-timeout", "1s");

        assertEquals(1, exit);
        String output = progress.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("sent=0"), output);
        assertTrue(output.contains("last-error=\"connection refused: nothing listens at 127.0.0.1:" + closedPort
                + "; start the monitor or correct the port in TMA_MONITOR_URL"), output);
    }

    /** Issue 14: a wrong secret printed only "401 urn:tma-monitor:problem:unauthorized". */
    @Test
    void aWrongSecretShowsTheMonitorsDetailAndTheSettingsToCheck(@TempDir Path dir) {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        Path credentials = dir.resolve("probes.credentials");
        ProbeCredentials.empty().with(1098, SecretHashes.hash("pass".getBytes(StandardCharsets.UTF_8),
                SecretHashes.MIN_ITERATIONS), Instant.now()).write(credentials);
        int exit;
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().bindAddress("127.0.0.1").port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).credentialsFile(credentials).build())) {
            exit = run("--url", server.baseUri().toString(), "--probe-id", "1098", "--secret", "wrong", "--count", "1",
                    "--drain-timeout", "5s");
        }
        assertEquals(1, exit);
        String output = progress.toString(StandardCharsets.UTF_8);
        // kept and retried within the client's authentication retry window (a probe may start before it is
        // registered), then not stored when the probe stops: the exit status and the last error say why
        assertTrue(output.contains("sent=0") && output.contains("dropped=1"), output);
        assertTrue(output.contains("last-error=\"401 urn:tma-monitor:problem:unauthorized (Unauthorized: "), output);
        assertTrue(output.contains("check the probe id and secret (TMA_PROBE_ID and TMA_PROBE_SECRET or"
                + " TMA_PROBE_SECRET_FILE)"), output);
    }

    @Test
    void aBadOptionIsAUsageError() {
        assertEquals(2, run("--interval", "soon"));
        assertEquals(2, run("--resource-id", "-1", "--count", "1"));
    }

    private int run(String... args) {
        return ProbeCommandLine.execute(new DemoProbe(new PrintStream(progress, true, StandardCharsets.UTF_8)), args);
    }

    private static void assertItem(JsonNode item, String type, int descriptionId, double value, long from, long to) {
        assertEquals(type, item.get("type").asText());
        assertEquals(descriptionId, item.get("descriptionId").asInt());
        JsonNode observation = item.get("observations").get(0);
        assertEquals(value, observation.get("value").asDouble());
        long time = observation.get("time").asLong();
        assertTrue(time >= from && time <= to, "time in epoch seconds: " + time);
    }
}
