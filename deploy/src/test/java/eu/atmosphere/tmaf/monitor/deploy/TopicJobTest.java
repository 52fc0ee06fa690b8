package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaCluster;
import eu.atmosphere.tmaf.monitor.kafka.embedded.InProcessKafka;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up Job's script, taken from the rendered manifests and run with bash against real
 * brokers secured as deploy/k8s secures them (an INTERNAL listener with SASL PLAIN for User:broker,
 * the StandardAuthorizer), with Kafka's own TopicCommand, ConfigCommand and AclCommand behind
 * {@code kafka-topics.sh}, {@code kafka-configs.sh} and {@code kafka-acls.sh} (what the
 * apache/kafka image's scripts run): it creates the topic with the overlay's partitions,
 * replication factor and min.insync.replicas, is idempotent, raises the partition count when the
 * setting grows, and creates the SCRAM principals with their ACLs: the monitor writes the topic,
 * each consumer reads it with groups named after itself.
 */
class TopicJobTest {

    private static final String BROKER_PASSWORD = "broker-" + UUID.randomUUID();

    @TempDir
    Path work;

    @Test
    void devCreatesThenRaisesPartitionsAndIsIdempotent() throws Exception {
        Manifests m = Manifests.render("dev");
        try (EmbeddedKafkaBroker broker = secured(EmbeddedKafkaBroker.builder()).build()) {
            broker.start();
            Map<String, String> env = jobEnvironment(m, broker);
            runAndCheck(m, env, broker, 1, "1");
            checkPrincipals(broker.bootstrapServers(), env.get("TOPIC"));

            env.put("TOPIC_PARTITIONS", String.valueOf(Integer.parseInt(env.get("TOPIC_PARTITIONS")) + 2));
            runAndCheck(m, env, broker, 1, "1");
            checkPrincipals(broker.bootstrapServers(), env.get("TOPIC"));
        }
    }

    @Test
    void prodCreatesReplicationThreeWithMinInsyncTwoOnThreeBrokers() throws Exception {
        Manifests m = Manifests.render("prod");
        try (EmbeddedKafkaCluster cluster = secured(EmbeddedKafkaCluster.builder().nodes(3)).build()) {
            cluster.start();
            runAndCheck(m, jobEnvironment(m, cluster), cluster, 3, "2");
        }
    }

    /** {@code builder} with the INTERNAL listener and the {@link #SECURITY} settings. */
    private static <B extends KafkaBuilder<B>> B secured(B builder) {
        builder.listener("INTERNAL", "SASL_PLAINTEXT");
        SECURITY.forEach(builder::property);
        return builder;
    }

    /** Runs the Job with {@code env} and checks the topic it leaves: the env's partitions, the given replication. */
    private static void runAndCheck(Manifests m, Map<String, String> env, InProcessKafka kafka, int replication,
                                    String minInsync) throws Exception {
        run(m, env);
        check(kafka.bootstrapServers(), env.get("TOPIC"), Integer.parseInt(env.get("TOPIC_PARTITIONS")), replication,
                minInsync);
    }

    /** The Job's environment against {@code kafka}'s INTERNAL listener. */
    private Map<String, String> jobEnvironment(Manifests m, InProcessKafka kafka) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(m.environment(m.workload("Job", "kafka-topic").container("create-topic")));
        env.put("BOOTSTRAP_SERVERS", kafka.bootstrapServers("INTERNAL"));
        env.put("BROKER_SASL_PASSWORD", BROKER_PASSWORD);
        // Secret kafka-users as mounted: one file per principal, its password inside
        Path users = Files.createDirectories(work.resolve("kafka-users"));
        Files.writeString(users.resolve("tma-monitor"), "monitor-" + UUID.randomUUID());
        Files.writeString(users.resolve("kb-loader"), "loader-" + UUID.randomUUID());
        env.put("KAFKA_USERS_DIR", users.toString());
        env.remove("KAFKA_HEAP_OPTS");
        env.remove("LOG_DIR");
        env.put("TOPIC_ATTEMPTS", "3");
        env.put("TOPIC_RETRY_SECONDS", "1");
        // kafka-topics.sh / kafka-configs.sh as in the image: Kafka's tool classes, this test's classpath
        Path bin = Files.createDirectories(work.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Map<String, String> tools = Map.of("kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
                "kafka-configs.sh", "org.apache.kafka.tools.ConfigCommand", "kafka-acls.sh", "org.apache.kafka.tools.AclCommand");
        for (Map.Entry<String, String> t : tools.entrySet()) {
            Path script = bin.resolve(t.getKey());
            Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -Xmx256m -XX:TieredStopAtLevel=1 -cp '" + classpath
                    + "' -Dorg.slf4j.simpleLogger.defaultLogLevel=warn " + t.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        env.put("KAFKA_BIN", bin.toString());
        return env;
    }

    /**
     * The brokers as deploy/k8s sets them up, plus the plaintext listener of the embedded broker as
     * an administrator (User:ANONYMOUS) for this test's own checks.
     */
    private static final Map<String, String> SECURITY = Map.of(
            "listener.name.internal.sasl.enabled.mechanisms", "PLAIN",
            "listener.name.internal.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                    + "required username=\"broker\" password=\"" + BROKER_PASSWORD + "\" user_broker=\""
                    + BROKER_PASSWORD + "\";",
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users", "User:broker;User:ANONYMOUS");

    /** SCRAM users for both principals; the monitor may write the topic, the consumer read it with its groups. */
    private static void checkPrincipals(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, UserScramCredentialsDescription> users = admin.describeUserScramCredentials().all().get();
            for (String user : List.of("tma-monitor", "kb-loader")) {
                assertEquals(ScramMechanism.SCRAM_SHA_512, users.get(user).credentialInfos().get(0).mechanism(), user);
            }
            Set<String> acls = admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
                    .map(b -> b.entry().principal() + " " + b.entry().permissionType() + " " + b.entry().operation()
                            + " " + b.pattern().resourceType() + " " + b.pattern().patternType() + " " + b.pattern().name())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(Set.of(
                    "User:tma-monitor ALLOW WRITE TOPIC LITERAL " + topic,
                    "User:tma-monitor ALLOW DESCRIBE TOPIC LITERAL " + topic,
                    "User:kb-loader ALLOW READ TOPIC LITERAL " + topic,
                    "User:kb-loader ALLOW DESCRIBE TOPIC LITERAL " + topic,
                    "User:kb-loader ALLOW READ GROUP PREFIXED kb-loader",
                    "User:kb-loader ALLOW DESCRIBE GROUP PREFIXED kb-loader")), acls);
        }
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
