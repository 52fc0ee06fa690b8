package eu.atmosphere.tmaf.monitor.server.cli;

import static eu.atmosphere.tmaf.monitor.server.ServerOptions.EMBEDDED_KAFKA_PORT;
import static eu.atmosphere.tmaf.monitor.server.ServerOptions.KAFKA_BOOTSTRAP_SERVERS;
import static eu.atmosphere.tmaf.monitor.server.ServerOptions.TOPIC;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.server.ServerOption;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Tails the topic as JSON lines, one message per line: the replacement for exec'ing into the
 * Kafka pod to run the console consumer. Reads without joining a consumer group (nothing is
 * committed, so stopping it with Ctrl-C loses nothing), from the beginning or new messages only.
 * Finds Kafka as {@code serve} does: {@code KAFKA_BOOTSTRAP_SERVERS}, else the embedded broker on
 * {@code MONITOR_EMBEDDED_KAFKA_PORT}; fails with one line and status {@value #UNREACHABLE} when
 * Kafka does not answer or the topic does not exist.
 * Against a secured Kafka, the client settings come from {@link KafkaClientOptions}; where ACLs
 * allow only a known consumer group, give it with {@code --kafka-property group.id=NAME}.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = "Print the messages of the topic as JSON lines.")
final class ConsumeCommand implements Callable<Integer> {

    /** Exit status when Kafka cannot be reached or has no such topic. */
    static final int UNREACHABLE = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = "--from-beginning", description = "Start at the oldest message instead of new ones only.")
    boolean fromBeginning;

    @Option(names = "--max-messages", defaultValue = "0", description = "Stop after this many messages (0 = never).")
    long maxMessages;

    @Option(names = "--idle-timeout-seconds", defaultValue = "0",
            description = "Stop when no message arrived for this long (0 = never).")
    int idleTimeoutSeconds;

    @Option(names = "--connect-timeout-seconds", defaultValue = "10",
            description = "Give up (exit status 1) when Kafka does not answer within this time.")
    int connectTimeoutSeconds;

    @Option(names = "--with-key", description = "Print {\"key\":resourceId,\"partition\":..,\"offset\":..,\"value\":message}.")
    boolean withKey;

    @Option(names = "--raw", description = "Print each record's value exactly as stored (the bytes consumers read), "
            + "then a newline; instead of compact JSON.")
    boolean raw;

    private ConsumeCommand() {
    }

    /** @return the {@code consume} command, with Kafka's address and the topic defined as for {@code serve} */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new ConsumeCommand());
        spec.addOption(OptionSpecs.builder(KAFKA_BOOTSTRAP_SERVERS, "Kafka cluster (host:port,...); empty reads serve's "
                + "embedded broker: 127.0.0.1 at " + EMBEDDED_KAFKA_PORT.name() + ".")
                .names(KAFKA_BOOTSTRAP_SERVERS.name(), "--bootstrap-servers").build());
        spec.addOption(OptionSpecs.builder(EMBEDDED_KAFKA_PORT, "Port of serve's embedded broker, used when no Kafka "
                + "cluster is given.").build());
        spec.addOption(OptionSpecs.builder(TOPIC, "Topic to read.").build());
        return spec;
    }

    @Override
    public Integer call() {
        if (raw && withKey) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--raw and --with-key exclude each other");
        }
        String bootstrapServers = value(KAFKA_BOOTSTRAP_SERVERS);
        String address = bootstrapServers.isBlank() ? "127.0.0.1:" + value(EMBEDDED_KAFKA_PORT) : bootstrapServers;
        String topic = value(TOPIC);
        Properties config = new Properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tma-monitor-consume-" + UUID.randomUUID());
        kafka.settings().applyTo(config, ConsumerConfig.configNames());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        KafkaConsumer<Long, byte[]> consumer = new KafkaConsumer<>(config, new LongDeserializer(),
                new ByteArrayDeserializer());
        String problem = reachability(consumer, address, topic, bootstrapServers.isBlank());
        if (problem != null) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            spec.commandLine().getErr().println("monitor-server consume: " + problem);
            spec.commandLine().getErr().flush();
            return UNREACHABLE;
        }
        try (consumer) {
            consumer.subscribe(List.of(topic));
            return tail(consumer);
        }
    }

    /** @return why the topic cannot be read, or null */
    private String reachability(KafkaConsumer<Long, byte[]> consumer, String kafka, String topic, boolean embedded) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(connectTimeoutSeconds));
        } catch (TimeoutException e) {
            return "no answer from Kafka at " + kafka + " within " + connectTimeoutSeconds + " s; "
                    + (embedded ? "is `serve` running with its embedded broker on that port? Set " + EMBEDDED_KAFKA_PORT
                            + " to its port, or " : "check ") + KAFKA_BOOTSTRAP_SERVERS;
        }
        if (partitions == null || partitions.isEmpty()) {
            return "Kafka at " + kafka + " has no topic " + topic + " (" + TOPIC + ")";
        }
        return null;
    }

    private <T> T value(ServerOption<T> option) {
        try {
            return option.parse(spec.findOption(option.name()).getValue());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private int tail(KafkaConsumer<Long, byte[]> consumer) {
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        long lastSeen = System.nanoTime();
        while (true) {
            for (ConsumerRecord<Long, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (raw) {
                    out.flush();
                    writeRaw(record.value());
                } else {
                    out.println(line(record));
                }
                lastSeen = System.nanoTime();
                if (maxMessages > 0 && ++printed >= maxMessages) {
                    out.flush();
                    return 0;
                }
            }
            out.flush();
            if (idleTimeoutSeconds > 0 && System.nanoTime() - lastSeen > idleTimeoutSeconds * 1_000_000_000L) {
                return 0;
            }
        }
    }

    /** The record's bytes as they are, to standard output (a character writer would re-encode them). */
    private static void writeRaw(byte[] value) {
        OutputStream stdout = System.out;
        try {
            stdout.write(value);
            stdout.write('\n');
            stdout.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        } catch (IOException e) {
            return JSON.valueToTree(new String(value, StandardCharsets.UTF_8)).toString();
        }
    }
}
