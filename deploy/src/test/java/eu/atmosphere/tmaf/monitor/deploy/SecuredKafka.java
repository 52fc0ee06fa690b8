package eu.atmosphere.tmaf.monitor.deploy;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.server.tls.DevCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The embedded broker secured as deploy/k8s secures Kafka's client listener, with the material
 * deploy/create-secrets.sh made: listener CLIENT with SASL_SSL and SCRAM-SHA-512, a PEM keystore
 * (key and chain in one file, as Secret kafka-tls) whose certificate for 127.0.0.1 comes from the
 * Kafka CA of ConfigMap kafka-ca, the StandardAuthorizer, User:tma-monitor with the password of
 * Secret kafka-user-tma-monitor and the ACLs the set-up Job grants it. Its plaintext listener stays
 * for the test's own reading (as User:ANONYMOUS, a super user here only).
 */
final class SecuredKafka {

    /** The name of the secured listener. */
    static final String CLIENT = "CLIENT";

    private SecuredKafka() {
    }

    /**
     * @param secretsDirectory create-secrets.sh's --out directory
     * @param secrets          the objects it made
     * @param topic            the monitor's topic: created, writable by User:tma-monitor
     * @return the running broker
     */
    static EmbeddedKafkaBroker start(Path secretsDirectory, SecretsFixture secrets, String topic)
            throws IOException, ExecutionException, InterruptedException {
        DevCertificates.Issued tls = DevCertificates.create(secretsDirectory.resolve("kafka-certs"),
                List.of("ip:127.0.0.1"), 2);
        Path keystore = secretsDirectory.resolve("kafka-test-keystore.pem");
        Files.writeString(keystore, Files.readString(tls.serverKey()) + Files.readString(tls.serverChain()));
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder()
                .listener(CLIENT, "SASL_SSL")
                .property("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .property("listener.name.client.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .property("listener.name.client.ssl.keystore.type", "PEM")
                .property("listener.name.client.ssl.keystore.location", keystore.toString())
                .property("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .property("super.users", "User:ANONYMOUS")
                .build();
        kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            kafka.createTopic(topic, 3);
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("tma-monitor",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                    secrets.text("Secret/kafka-user-tma-monitor", "password")))).all().get();
            admin.createAcls(List.of(AclOperation.WRITE, AclOperation.DESCRIBE).stream()
                    .map(operation -> new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                            new AccessControlEntry("User:tma-monitor", "*", operation, AclPermissionType.ALLOW)))
                    .toList()).all().get();
        } catch (RuntimeException | ExecutionException | InterruptedException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }
}
