package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning with raw bytes, for assertions in tests: the key exactly as
 * stored (e.g. the 8 bytes of a {@code LongSerializer} key) and the value.
 *
 * <p>It assigns itself every partition instead of joining a consumer group, so it commits no
 * offsets, waits for no rebalance and can read the same topic any number of times. It sees
 * committed records only ({@code isolation.level=read_committed}).
 *
 * <pre>{@code
 * List<ConsumerRecord<byte[], byte[]>> records =
 *         new TopicReader(kafka.bootstrapServers()).read("topic-monitor", 3, Duration.ofSeconds(10));
 * assertEquals(3, records.size());
 * long key = ByteBuffer.wrap(records.get(0).key()).getLong();   // big-endian, as LongSerializer wrote it
 * }</pre>
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;

    /** @param bootstrapServers the Kafka to read from, e.g. {@code 127.0.0.1:9092} */
    public TopicReader(String bootstrapServers) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /**
     * Reads the records of all partitions of {@code topic} from offset 0 until at least
     * {@code expectedCount} records have arrived or {@code timeout} has passed, whichever comes
     * first. It never fails for too few records: assert on the size of the result.
     *
     * @return the records read, in the order polled (per-partition order is kept); may hold
     *         fewer than {@code expectedCount} when the timeout passed, or more when one poll
     *         brought more
     * @throws EmbeddedKafkaException if the topic does not exist within {@code timeout}
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expectedCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromBeginning(topic, deadline, timeout)) {
            while (records.size() < expectedCount && System.nanoTime() < deadline) {
                consumer.poll(min(POLL, deadline)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Reads every record of all partitions of {@code topic} that was there when the call began: from offset 0
     * up to each partition's end offset at that moment. Use it to check that nothing is missing: reading
     * "until N records" can be satisfied by duplicates while a record is still absent.
     *
     * <pre>{@code
     * List<ConsumerRecord<byte[], byte[]>> all = reader.readToEnd("topic-monitor", Duration.ofSeconds(30));
     * }</pre>
     *
     * @return every record up to the end offsets, in the order polled (per-partition order is kept)
     * @throws EmbeddedKafkaException if the topic does not exist, or the records cannot be read, within {@code timeout}
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromBeginning(topic, deadline, timeout)) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, min(timeout, deadline));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() >= deadline) {
                    throw new EmbeddedKafkaException("could not read " + topic + " to its end offsets " + ends
                            + " within " + timeout.toMillis() + " ms");
                }
                consumer.poll(min(POLL, deadline)).forEach(records::add);
            }
        }
        return records;
    }

    /** @return a consumer of every partition of {@code topic}, at its beginning; the caller closes it */
    private KafkaConsumer<byte[], byte[]> fromBeginning(String topic, long deadline, Duration timeout) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, deadline, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "embedded-kafka-topic-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, long deadline,
                                              Duration timeout) {
        while (true) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, min(timeout, deadline));
            } catch (TimeoutException e) {
                infos = List.of();   // what the client says of a topic that does not exist (yet)
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .collect(Collectors.toList());
            }
            if (System.nanoTime() >= deadline) {
                throw new EmbeddedKafkaException("topic " + topic + " does not exist at " + bootstrapServers
                        + " (waited " + timeout.toMillis() + " ms)");
            }
            sleep(min(POLL, deadline));
        }
    }

    /** The smaller of {@code limit} and the time left until {@code deadline}, never negative. */
    private static Duration min(Duration limit, long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        return left < limit.toNanos() ? Duration.ofNanos(left) : limit;
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while waiting for a topic", e);
        }
    }
}
