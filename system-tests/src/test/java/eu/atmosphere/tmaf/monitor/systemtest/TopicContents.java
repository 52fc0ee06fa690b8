package eu.atmosphere.tmaf.monitor.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything in a topic, read up to the end offsets taken at the start (every partition to its high watermark,
 * i.e. every committed record): unlike reading "until N records arrived", duplicates cannot hide a missing
 * record, and records nobody expected are seen.
 */
final class TopicContents {

    /** One record: where it is, its key, the ids of the message in its value, and the value itself. */
    record Stored(int partition, long offset, Long key, long probeId, long resourceId, long messageId, byte[] value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicContents() {
    }

    /** @return every record, partition by partition, each partition in offset order */
    static List<Stored> readAll(String bootstrapServers, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "system-test-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        List<Stored> stored = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted((a, b) -> a.partition() - b.partition())
                    .toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            for (TopicPartition partition : partitions) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                while (consumer.position(partition, timeout) < end.get(partition)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("reading " + partition + " took longer than " + timeout);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.offset() < end.get(partition)) {
                            stored.add(parse(r));
                        }
                    }
                }
            }
        }
        return stored;
    }

    private static Stored parse(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode message = JSON.readTree(r.value());
            Long key = r.key() == null ? null : r.key().length == Long.BYTES ? ByteBuffer.wrap(r.key()).getLong() : -1L;
            return new Stored(r.partition(), r.offset(), key, message.path("probeId").asLong(-1),
                    message.path("resourceId").asLong(-1), message.path("messageId").asLong(-1), r.value());
        } catch (IOException e) {
            throw new UncheckedIOException("record " + r.partition() + "/" + r.offset() + " is not JSON", e);
        }
    }
}
