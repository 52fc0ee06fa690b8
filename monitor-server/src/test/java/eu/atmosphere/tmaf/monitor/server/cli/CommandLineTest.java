package eu.atmosphere.tmaf.monitor.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The command line: consume prints JSON lines. */
class CommandLineTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void consumePrintsEachRecordAsOneCompactJsonLine() {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        try (KafkaProducer<Long, byte[]> producer = new KafkaProducer<>(
                java.util.Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new LongSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 7L, "{ \"probeId\" : 1,\n \"resourceId\": 7 }"
                    .getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, 8L, "{\"probeId\":2,\"resourceId\":8}"
                    .getBytes(StandardCharsets.UTF_8)));
        }
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(ConsumeCommand.spec()).setOut(new PrintWriter(out));

        int exit = cli.execute("--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topic,
                "--from-beginning", "--max-messages", "2", "--with-key");

        assertEquals(0, exit);
        assertEquals(List.of(
                "{\"key\":7,\"partition\":0,\"offset\":0,\"value\":{\"probeId\":1,\"resourceId\":7}}",
                "{\"key\":8,\"partition\":0,\"offset\":1,\"value\":{\"probeId\":2,\"resourceId\":8}}"),
                out.toString().lines().toList());
    }
}
