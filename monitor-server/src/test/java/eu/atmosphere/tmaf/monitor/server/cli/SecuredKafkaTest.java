package eu.atmosphere.tmaf.monitor.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.StderrCapture;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import eu.atmosphere.tmaf.monitor.server.tls.DevCertificates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The monitor and {@code consume} against one real broker that requires authentication on its
 * client listeners and authorizes with ACLs, as deploy/k8s sets Kafka up: SASL_SSL with
 * SCRAM-SHA-512, and SSL with required client certificates (mutual TLS). Principals: the monitor
 * may write the topics, the knowledge-base loader may read them with its group. Wrong or missing
 * credentials and a principal without ACLs make the monitor not ready (503, with Kafka's reason),
 * never 200; no secret reaches the log, /metrics or an error body.
 */
class SecuredKafkaTest {

    @RegisterExtension
    static final StderrCapture LOG = new StderrCapture();

    private static final String MONITOR_PASSWORD = "monitor-scram-" + UUID.randomUUID();
    private static final String LOADER_PASSWORD = "loader-scram-" + UUID.randomUUID();
    private static final String STRANGER_PASSWORD = "stranger-scram-" + UUID.randomUUID();
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"%s\" password=\"%s\";";
    private static final List<String> SECRETS = new ArrayList<>(List.of(MONITOR_PASSWORD, LOADER_PASSWORD,
            STRANGER_PASSWORD));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path directory;
    private static DevCertificates.Issued ca;
    private static DevCertificates.Leaf monitorCertificate;
    private static DevCertificates.Leaf loaderCertificate;
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        directory = Files.createTempDirectory("tma-secured-kafka");
        ca = DevCertificates.create(directory, List.of("dns:localhost", "ip:127.0.0.1"), 2);
        monitorCertificate = DevCertificates.createClient(directory, "tma-monitor", 2);
        loaderCertificate = DevCertificates.createClient(directory, "kb-loader", 2);
        for (Path password : List.of(ca.serverKeystorePassword(), monitorCertificate.keystorePassword(),
                loaderCertificate.keystorePassword())) {
            SECRETS.add(Files.readString(password).strip());
        }
        kafka = EmbeddedKafkaBroker.builder()
                .listener("SASL", "SASL_SSL")
                .listener("MTLS", "SSL")
                .property("ssl.keystore.type", "PKCS12")
                .property("ssl.keystore.location", ca.serverKeystore().toString())
                .property("ssl.keystore.password", Files.readString(ca.serverKeystorePassword()).strip())
                .property("ssl.truststore.type", "PEM")
                .property("ssl.truststore.location", ca.caCertificate().toString())
                .property("listener.name.mtls.ssl.client.auth", "required")
                .property("listener.name.sasl.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .property("listener.name.sasl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                // CN=tma-monitor,O=... -> User:tma-monitor, the same principal as its SCRAM user
                .property("ssl.principal.mapping.rules", "RULE:^CN=([^,]+),.*$/$1/,DEFAULT")
                .property("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                // the plaintext listener on 127.0.0.1 administers this test broker (k8s: the broker's own user)
                .property("super.users", "User:ANONYMOUS")
                .build();
        kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(scram("tma-monitor", MONITOR_PASSWORD),
                    scram("kb-loader", LOADER_PASSWORD), scram("stranger", STRANGER_PASSWORD))).all().get();
            admin.createAcls(List.of(
                    allow("tma-monitor", ResourceType.TOPIC, AclOperation.WRITE),
                    allow("kb-loader", ResourceType.TOPIC, AclOperation.READ),
                    allow("kb-loader", ResourceType.GROUP, AclOperation.READ))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() throws IOException {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        String log = LOG.text();
        assertTrue(log.contains("Kafka client settings: {sasl.jaas.config=[hidden], sasl.mechanism=SCRAM-SHA-512"),
                "the Kafka client settings were not logged");
        for (String secret : SECRETS) {
            assertFalse(log.contains(secret), "a secret appeared in the log");
        }
    }

    @Test
    void publishesAndConsumesThroughSaslScramOverTls() throws Exception {
        String topic = "topic-monitor-sasl";
        kafka.createTopic(topic, 1);
        KafkaClientSettings monitor = KafkaClientSettings.load(null,
                Map.of("KAFKA_PROPERTY_SASL_JAAS_CONFIG", JAAS.formatted("tma-monitor", MONITOR_PASSWORD)),
                List.of("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512", "ssl.truststore.type=PEM",
                        "ssl.truststore.location=" + ca.caCertificate()));
        try (MonitorServer server = start(kafka.bootstrapServers("SASL"), topic, monitor)) {
            awaitReady(server);
            assertEquals(200, post(server, message(4711)).statusCode());
            assertNoSecretIn(get(server, "metrics").body());
        }
        Path loader = properties("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + JAAS.formatted("kb-loader", LOADER_PASSWORD).replace("\"", "\\\""),
                "ssl.truststore.type=PEM", "ssl.truststore.location=" + ca.caCertificate());

        String consumed = consume(kafka.bootstrapServers("SASL"), topic, "--kafka-properties-file", loader.toString(),
                "--kafka-property", "group.id=kb-loader");

        assertTrue(consumed.contains("\"resourceId\":4711"), consumed);
    }

    @Test
    void publishesAndConsumesThroughMutualTls() throws Exception {
        String topic = "topic-monitor-mtls";
        kafka.createTopic(topic, 1);
        KafkaClientSettings monitor = KafkaClientSettings.load(properties(mutualTls(monitorCertificate)), Map.of(),
                List.of());
        try (MonitorServer server = start(kafka.bootstrapServers("MTLS"), topic, monitor)) {
            awaitReady(server);
            assertEquals(200, post(server, message(4712)).statusCode());
        }
        List<String> loader = new ArrayList<>();
        for (String setting : mutualTls(loaderCertificate)) {
            loader.addAll(List.of("--kafka-property", setting));
        }
        loader.addAll(List.of("--kafka-property", "group.id=kb-loader"));

        String consumed = consume(kafka.bootstrapServers("MTLS"), topic, loader.toArray(String[]::new));

        assertTrue(consumed.contains("\"resourceId\":4712"), consumed);
    }

    @Test
    void wrongOrMissingCredentialsAndMissingAclsMakeItNotReadyNever200() throws Exception {
        String topic = "topic-monitor-refused";
        kafka.createTopic(topic, 1);
        String scram = "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.type=PEM\n"
                + "ssl.truststore.location=" + ca.caCertificate() + "\n";
        assertRefused(kafka.bootstrapServers("SASL"), topic, settings(scram, "tma-monitor", "wrong-" + MONITOR_PASSWORD),
                "Kafka refused the monitor's credentials (SaslAuthenticationException");
        assertRefused(kafka.bootstrapServers("MTLS"), topic, KafkaClientSettings.of(Map.of("security.protocol", "SSL",
                "ssl.truststore.type", "PEM", "ssl.truststore.location", ca.caCertificate().toString())),
                "Kafka refused the monitor's credentials (SslAuthenticationException");
        assertRefused(kafka.bootstrapServers("SASL"), topic, settings(scram, "stranger", STRANGER_PASSWORD),
                "Kafka denied the monitor access (TopicAuthorizationException");
    }

    private static KafkaClientSettings settings(String common, String user, String password) throws IOException {
        return KafkaClientSettings.load(properties(common + "sasl.jaas.config="
                + JAAS.formatted(user, password).replace("\"", "\\\"")), Map.of(), List.of());
    }

    private static void assertRefused(String bootstrap, String topic, KafkaClientSettings settings, String reason)
            throws Exception {
        try (MonitorServer server = start(bootstrap, topic, settings)) {
            HttpResponse<String> ready = get(server, "health/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains(reason), ready.body());
            HttpResponse<String> refused = post(server, message(4713));
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains(reason), refused.body());
            assertNoSecretIn(ready.body() + refused.body() + get(server, "metrics").body());
        }
    }

    private static List<String> mutualTls(DevCertificates.Leaf client) throws IOException {
        return List.of("security.protocol=SSL", "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + client.keystore(),
                "ssl.keystore.password=" + Files.readString(client.keystorePassword()).strip(),
                "ssl.truststore.type=PEM", "ssl.truststore.location=" + ca.caCertificate());
    }

    private static MonitorServer start(String bootstrap, String topic, KafkaClientSettings settings) {
        return MonitorServer.start(ServerConfig.builder().port(0).kafkaBootstrapServers(bootstrap).topic(topic)
                .kafkaTimeout(Duration.ofSeconds(5)).kafkaSettings(settings).build());
    }

    private static String consume(String bootstrap, String topic, String... kafkaOptions) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--topic", topic,
                "--from-beginning", "--max-messages", "1", "--idle-timeout-seconds", "30"));
        args.addAll(List.of(kafkaOptions));
        int exit = new CommandLine(ConsumeCommand.spec()).setOut(new PrintWriter(out)).execute(args.toArray(String[]::new));
        assertEquals(0, exit, out.toString());
        return out.toString();
    }

    /** Waits for the readiness check (every second) to reach the broker; fails with its reason. */
    private static void awaitReady(MonitorServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> ready = get(server, "health/ready");
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ready = get(server, "health/ready");
        }
        assertEquals(200, ready.statusCode(), ready.body());
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), "a secret appeared in: " + text);
        }
    }

    private static Path properties(String... lines) throws IOException {
        return properties(List.of(lines));
    }

    private static Path properties(List<String> lines) throws IOException {
        Path file = Files.createTempFile(directory, "kafka-client-", ".properties");
        Files.write(file, lines);
        return file;
    }

    private static String message(long resourceId) {
        return "{\"probeId\":1,\"resourceId\":" + resourceId + ",\"messageId\":1,\"sentTime\":1535971455,\"data\":["
                + "{\"type\":\"measurement\",\"descriptionId\":1,\"observations\":[{\"time\":1535971455,\"value\":1.5}]}]}";
    }

    private static HttpResponse<String> post(MonitorServer server, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("monitor"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(MonitorServer server, String path) {
        try {
            URI uri = server.baseUri().resolve(path);
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static UserScramCredentialUpsertion scram(String user, String password) {
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                password);
    }

    private static AclBinding allow(String user, ResourceType type, AclOperation operation) {
        String name = type == ResourceType.GROUP ? user : "topic-monitor";
        PatternType pattern = type == ResourceType.GROUP ? PatternType.LITERAL : PatternType.PREFIXED;
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
