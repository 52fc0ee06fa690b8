package eu.atmosphere.tmaf.monitor.kafka.embedded;

import static eu.atmosphere.tmaf.monitor.kafka.embedded.Records.send;
import static eu.atmosphere.tmaf.monitor.kafka.embedded.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterTest {

    @Test
    void threeNodesReplicateAndSurviveOneNodeDown() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build()) {
            cluster.start();
            String topic = cluster.createUniqueTopic("replicated", 3);

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
                assertTrue(description.partitions().stream().allMatch(p -> p.replicas().size() == 3));
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
                assertEquals("2", admin.describeConfigs(Set.of(broker)).all().get().get(broker)
                        .get("min.insync.replicas").value());
            }

            send(cluster.bootstrapServers(), topic, 1L, "all up");
            cluster.stopNode(2);
            assertFalse(cluster.isNodeRunning(2));
            send(cluster.bootstrapServers(), topic, 2L, "node 2 down");
            cluster.startNode(2);
            assertTrue(cluster.isNodeRunning(2));

            List<String> values = new TopicReader(cluster.bootstrapServers()).read(topic, 2, Duration.ofSeconds(10))
                    .stream().map(r -> utf8(r.value())).sorted().toList();
            assertEquals(List.of("all up", "node 2 down"), values);
        }
    }
}
