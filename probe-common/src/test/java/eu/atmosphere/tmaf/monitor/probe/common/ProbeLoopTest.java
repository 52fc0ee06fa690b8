package eu.atmosphere.tmaf.monitor.probe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.client.ClientConfig;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Observation;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The loop against the real server and Kafka: failing rounds back off and do not count, nothing crashes it. */
class ProbeLoopTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void unavailableAndFailingRoundsAreRetriedWithBackoffAndDoNotCount() {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        AtomicInteger calls = new AtomicInteger();
        Sampler flaky = () -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                throw new SourceUnavailableException("daemon down", null);
            }
            if (call == 2) {
                throw new IllegalStateException("a bug in the sampler");
            }
            return List.of(new Sample(42, List.of(new Data(Data.Type.MEASUREMENT, 7, new Observation(call, call)))));
        };
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit;
        try (MonitorServer server = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).build())) {
            ClientConfig config = ClientConfig.builder().endpoint(server.baseUri().toString()).probeId(5).build();
            exit = new ProbeLoop(config, Duration.ofSeconds(10),
                    LoopOptions.of(Duration.ofMillis(50), 2, Duration.ofMillis(10)),
                    new PrintStream(progress, true, StandardCharsets.UTF_8)).run(flaky);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(ProbeLoop.EXIT_OK, exit);
        assertEquals(4, calls.get(), "two failed rounds, then the two rounds asked for");
        assertTrue(took.compareTo(Duration.ofMillis(800 + 1600)) >= 0, "backed off 1 s then 2 s (less jitter): " + took);
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, 2, Duration.ofSeconds(10));
        assertEquals(2, records.size());
        assertEquals(42L, ByteBuffer.wrap(records.get(0).key()).getLong());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("rounds=2 messages=2 sent=2"), progress::toString);
    }
}
