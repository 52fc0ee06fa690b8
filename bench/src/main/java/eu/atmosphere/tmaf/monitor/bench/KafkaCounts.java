package eu.atmosphere.tmaf.monitor.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records of a topic exactly: by its end offsets (exact for a topic written without
 * transactions, as the server's is) and, independently, by reading every record back and
 * checking its key is the 8-byte resourceId the contract prescribes.
 */
final class KafkaCounts implements AutoCloseable {

    /**
     * What reading the topic found.
     *
     * @param records     records read
     * @param badKeys     records whose key is not the 8-byte big-endian resourceId of the record's value
     * @param badValues   records whose value is not a JSON object
     */
    record Scan(long records, long badKeys, long badValues) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;

    KafkaCounts(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tma-bench-counter");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** @return the sum of the end offsets of every partition of the topic */
    long endOffsets(String topic) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions(topic), Duration.ofSeconds(30));
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reads the whole topic from the beginning up to its current end offsets. */
    Scan scan(String topic) {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long records = 0;
        long badKeys = 0;
        long badValues = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!reached(ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
                    continue;
                }
                records++;
                if (r.key() == null || r.key().length != 8 || r.value() == null
                        || ByteBuffer.wrap(r.key()).getLong() != Messages.resourceId(r.value())) {
                    badKeys++;
                }
                if (r.value() == null || r.value().length == 0 || r.value()[0] != '{') {
                    badValues++;
                }
            }
        }
        consumer.unsubscribe();
        return new Scan(records, badKeys, badValues);
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
