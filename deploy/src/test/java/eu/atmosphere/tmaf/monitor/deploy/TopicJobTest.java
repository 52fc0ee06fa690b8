package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topic Job's script, taken from the rendered manifests and run with bash against real
 * brokers, with Kafka's own TopicCommand and ConfigCommand behind {@code kafka-topics.sh} and
 * {@code kafka-configs.sh} (what the apache/kafka image's scripts run): it creates the topic with
 * the overlay's partitions, replication factor and min.insync.replicas, is idempotent, and raises
 * the partition count when the setting grows.
 */
class TopicJobTest {

    @TempDir
    Path work;

    @Test
    void devCreatesThenRaisesPartitionsAndIsIdempotent() throws Exception {
        Manifests m = Manifests.render("dev");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            Map<String, String> env = jobEnvironment(m, broker.bootstrapServers());
            run(m, env);
            check(broker.bootstrapServers(), env.get("TOPIC"), Integer.parseInt(env.get("TOPIC_PARTITIONS")), 1, "1");

            env.put("TOPIC_PARTITIONS", String.valueOf(Integer.parseInt(env.get("TOPIC_PARTITIONS")) + 2));
            run(m, env);
            check(broker.bootstrapServers(), env.get("TOPIC"), Integer.parseInt(env.get("TOPIC_PARTITIONS")), 1, "1");
        }
    }

    @Test
    void prodCreatesReplicationThreeWithMinInsyncTwoOnThreeBrokers() throws Exception {
        Manifests m = Manifests.render("prod");
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build()) {
            cluster.start();
            Map<String, String> env = jobEnvironment(m, cluster.bootstrapServers());
            run(m, env);
            check(cluster.bootstrapServers(), env.get("TOPIC"), Integer.parseInt(env.get("TOPIC_PARTITIONS")), 3, "2");
        }
    }

    private Map<String, String> jobEnvironment(Manifests m, String bootstrap) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(m.environment(m.workload("Job", "kafka-topic").container("create-topic")));
        env.put("BOOTSTRAP_SERVERS", bootstrap);
        env.remove("KAFKA_HEAP_OPTS");
        env.remove("LOG_DIR");
        env.put("TOPIC_ATTEMPTS", "3");
        env.put("TOPIC_RETRY_SECONDS", "1");
        // kafka-topics.sh / kafka-configs.sh as in the image: Kafka's tool classes, this test's classpath
        Path bin = Files.createDirectories(work.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Map<String, String> tools = Map.of("kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
                "kafka-configs.sh", "org.apache.kafka.tools.ConfigCommand");
        for (Map.Entry<String, String> t : tools.entrySet()) {
            Path script = bin.resolve(t.getKey());
            Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -Xmx256m -XX:TieredStopAtLevel=1 -cp '" + classpath
                    + "' -Dorg.slf4j.simpleLogger.defaultLogLevel=warn " + t.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        env.put("KAFKA_BIN", bin.toString());
        return env;
    }

    private static void run(Manifests m, Map<String, String> env) {
        JsonNode job = m.workload("Job", "kafka-topic").container("create-topic");
        assertEquals(List.of("/bin/bash", "-c"), List.of(job.path("command").get(0).asText(), job.path("command").get(1).asText()));
        String script = job.path("args").get(0).asText();
        Command.Result r = Command.run(List.of("bash", "-c", script), Duration.ofMinutes(3), env, null);
        r.orFail("the topic Job's script");
    }

    private static void check(String bootstrap, String topic, int partitions, int replication, String minInsync)
            throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(partitions, d.partitions().size(), "partitions");
            d.partitions().forEach(info -> assertEquals(replication, info.replicas().size(), "replication factor"));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String value = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("min.insync.replicas").value();
            assertEquals(minInsync, value, "min.insync.replicas");
        }
    }
}
