package eu.atmosphere.tmaf.monitor.probe.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeCommandLine;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The probe's command line against the real monitor server (in-process, on a fresh topic of the test's
 * Kafka broker): two rounds one second apart, then what reached Kafka.
 */
final class ThroughKafka {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ThroughKafka() {
    }

    /**
     * Runs {@code probe-docker --probe-id 7 ARGS --count 2 --interval 1s}, checks it exited 0 and that both
     * messages reached Kafka keyed by {@code resourceId}.
     *
     * @return the second message (the one with a CPU percentage)
     */
    static JsonNode secondMessage(KafkaBrokerExtension kafka, long resourceId, String... args) throws IOException {
        String topic = "topic-monitor-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        int exit;
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(kafka.bootstrapServers()).topic(topic).build())) {
            List<String> command = new ArrayList<>(List.of("--url", server.baseUri().toString(), "--probe-id", "7"));
            command.addAll(List.of(args));
            command.addAll(List.of("--count", "2", "--interval", "1s"));
            exit = ProbeCommandLine.execute(new DockerProbe(new PrintStream(progress, true, StandardCharsets.UTF_8)),
                    command.toArray(String[]::new));
        }

        assertEquals(0, exit, progress.toString(StandardCharsets.UTF_8));
        List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, 2, Duration.ofSeconds(10));
        assertEquals(2, records.size());
        assertEquals(resourceId, ByteBuffer.wrap(records.get(1).key()).getLong());
        JsonNode message = JSON.readTree(records.get(1).value());
        assertEquals(7, message.get("probeId").asInt());
        assertEquals(resourceId, message.get("resourceId").asLong());
        return message;
    }
}
