package eu.atmosphere.tmaf.monitor.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Tails the topic as JSON lines, one message per line: the replacement for exec'ing into the
 * Kafka pod to run the console consumer. Reads without joining a consumer group (nothing is
 * committed, so stopping it with Ctrl-C loses nothing), from the beginning or new messages only.
 * Against a secured Kafka, the client settings come from {@link KafkaClientOptions}; where ACLs
 * allow only a known consumer group, give it with {@code --kafka-property group.id=NAME}.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Print the messages of the topic as JSON lines.")
final class ConsumeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka cluster (env KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = "--topic", defaultValue = "${env:MONITOR_TOPIC:-topic-monitor}",
            description = "Topic to read (env MONITOR_TOPIC).")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest message instead of new ones only.")
    boolean fromBeginning;

    @Option(names = "--max-messages", defaultValue = "0", description = "Stop after this many messages (0 = never).")
    long maxMessages;

    @Option(names = "--idle-timeout-seconds", defaultValue = "0",
            description = "Stop when no message arrived for this long (0 = never).")
    int idleTimeoutSeconds;

    @Option(names = "--with-key", description = "Print {\"key\":resourceId,\"partition\":..,\"offset\":..,\"value\":message}.")
    boolean withKey;

    @Override
    public Integer call() {
        Properties config = new Properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tma-monitor-consume-" + UUID.randomUUID());
        kafka.settings().applyTo(config, ConsumerConfig.configNames());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        try (KafkaConsumer<Long, byte[]> consumer = new KafkaConsumer<>(config,
                new LongDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            return tail(consumer, spec.commandLine().getOut());
        }
    }

    private int tail(KafkaConsumer<Long, byte[]> consumer, PrintWriter out) {
        long printed = 0;
        long lastSeen = System.nanoTime();
        while (true) {
            for (ConsumerRecord<Long, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                out.println(line(record));
                lastSeen = System.nanoTime();
                if (maxMessages > 0 && ++printed >= maxMessages) {
                    return 0;
                }
            }
            out.flush();
            if (idleTimeoutSeconds > 0 && System.nanoTime() - lastSeen > idleTimeoutSeconds * 1_000_000_000L) {
                return 0;
            }
        }
    }

    private String line(ConsumerRecord<Long, byte[]> record) {
        String value = compact(record.value());
        if (!withKey) {
            return value;
        }
        return "{\"key\":" + record.key() + ",\"partition\":" + record.partition() + ",\"offset\":"
                + record.offset() + ",\"value\":" + value + "}";
    }

    private static String compact(byte[] value) {
        try {
            return JSON.writeValueAsString(JSON.readTree(value));
        } catch (java.io.IOException e) {
            return JSON.valueToTree(new String(value, StandardCharsets.UTF_8)).toString();
        }
    }
}
