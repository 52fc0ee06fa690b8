package eu.atmosphere.tmaf.monitor.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a topic holds now, the sum of its partitions' end offsets: read before and after a request, it
 * proves that a refused request stored nothing and an accepted one exactly what it should.
 *
 * <pre>{@code
 * try (TopicSize stored = new TopicSize(KAFKA.bootstrapServers(), topic)) {
 *     long before = stored.now();
 *     ... a refused request ...
 *     assertEquals(before, stored.now());
 * }
 * }</pre>
 */
final class TopicSize implements AutoCloseable {

    private final Admin admin;
    private final String topic;

    TopicSize(String bootstrapServers, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.topic = topic;
    }

    /** @return the records in the topic now */
    long now() throws ExecutionException, InterruptedException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(i -> new TopicPartition(topic, i), i -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}
