package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.kafka.embedded.TopicReader;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import eu.atmosphere.tmaf.monitor.message.Observation;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import eu.atmosphere.tmaf.monitor.testsupport.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real monitor as deployed: HTTPS with a certificate from a test CA, probe credentials, real Kafka. */
class SecureMonitorTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final byte[] SECRET = "pass".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    static TestCa.Issued ca;
    static String topic;
    static ServerConfig serverConfig;
    static MonitorServer server;

    @BeforeAll
    static void startSecureMonitor() throws Exception {
        ca = TestCa.files();
        Path credentials = dir.resolve("probes.credentials");
        ProbeCredentials.empty()
                .with(1098, SecretHashes.hash(SECRET, SecretHashes.MIN_ITERATIONS), Instant.now())
                .with(7, SecretHashes.hash("other".getBytes(StandardCharsets.UTF_8), SecretHashes.MIN_ITERATIONS),
                        Instant.now())
                .write(credentials);
        topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        serverConfig = ServerConfig.builder().bindAddress("127.0.0.1").port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).credentialsFile(credentials)
                .tlsKeystore(ca.serverKeystore(), new String(TestCa.PASSWORD)).build();
        server = MonitorServer.start(serverConfig);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

    private ClientConfig.Builder config() {
        return ClientConfig.builder(Map.of()).endpoint("https://127.0.0.1:" + server.port() + "/monitor")
                .retryPolicy(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.2, 3))
                .rejectionListener(rejections::add);
    }

    private static Message message(MonitorClient client, long probeId) {
        Message message = client.createMessage();
        message.setProbeId(probeId);
        message.setResourceId(101098);
        message.addData(new Data(Data.Type.EVENT, 33, new Observation(MonitorClient.nowSeconds(), 724.0)));
        return message;
    }

    @Test
    void theSeedFlowOverHttpsWithThePrivateCa() {
        Message message;
        try (BackgroundClient client = new BackgroundClient(config().caFile(ca.caCertificate()).build())) {
            assertTrue(client.authenticate(1098, SECRET));
            assertTrue(client.start());
            message = message(client, 1098);
            client.send(message);
            assertTrue(client.stop(Duration.ofSeconds(20)), () -> client.stats().toString());
            assertEquals(1, client.stats().sent());
        }
        List<Long> ids = new TopicReader(KAFKA.bootstrapServers()).read(topic, 100, Duration.ofSeconds(3)).stream()
                .map(r -> MessageCodec.INSTANCE.fromJson(r.value()).getMessageId()).toList();
        assertTrue(ids.contains(message.getMessageId()));
    }

    @Test
    void withoutTheCaTheHandshakeFailsAndNothingIsSent() {
        SynchronousClient client = new SynchronousClient(config().build());
        assertFalse(client.authenticate(1098, SECRET));
        assertEquals(-1, client.send(message(client, 1098)));
        assertTrue(client.stats().lastError().startsWith("TLS: the monitor's certificate at 127.0.0.1:" + server.port()
                + " is not trusted: set TMA_CA_FILE to the PEM file of the CA that issued it"), client.stats().lastError());
    }

    @Test
    void plainHttpToTheTlsPortSaysToUseHttps() {
        SynchronousClient client = new SynchronousClient(config().endpoint("http://127.0.0.1:" + server.port())
                .retryPolicy(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(20), 1, 0, 1)).build());
        long start = System.nanoTime();
        assertEquals(400, client.send(message(client, 1098)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "within a few seconds");
        String error = client.stats().lastError();
        assertTrue(error.startsWith("400 urn:tma-monitor:problem:https-required (HTTPS required: "), error);
        assertTrue(error.endsWith(": use https:// in TMA_MONITOR_URL"), error);
    }

    @Test
    void aWrongSecretIsRefusedAnd401IsNotRetriedWithoutAnAuthRetryWindow() {
        SynchronousClient client = new SynchronousClient(config().caFile(ca.caCertificate())
                .authRetryWindow(Duration.ZERO).build());
        assertFalse(client.authenticate(1098, "wrong".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, client.send(message(client, 1098)));
        assertEquals(0, client.stats().retries());
        assertEquals(1, rejections.size());
        assertEquals(401, rejections.get(0).status());
        String error = client.stats().lastError();
        assertTrue(error.startsWith("401 urn:tma-monitor:problem:unauthorized (Unauthorized: "), error);
        assertTrue(error.endsWith("check the probe id and secret (TMA_PROBE_ID and TMA_PROBE_SECRET or"
                + " TMA_PROBE_SECRET_FILE) against the monitor's credentials (probes add)"), error);
    }

    /** Item 2 of issue 23: refused messages make {@code stop()} false, and the stats say how many and why. */
    @Test
    void aWrongSecretRefusesEveryMessageAfterTheWindowAndStopSaysSo() throws Exception {
        BackgroundClient client = new BackgroundClient(config().caFile(ca.caCertificate())
                .authRetryWindow(Duration.ofMillis(500)).build());
        assertFalse(client.authenticate(1098, "wrong".getBytes(StandardCharsets.UTF_8)));
        client.start();
        for (int i = 0; i < 5; i++) {
            assertTrue(client.send(message(client, 1098)) >= 1);
        }
        assertFalse(client.stop(), () -> client.stats().toString());
        ClientStats stats = client.stats();
        assertEquals(0, stats.sent());
        assertEquals(5, stats.rejected());
        assertEquals(Map.of("refused by the monitor: 401 unauthorized", 5L), stats.notStored());
        assertTrue(stats.retries() > 0, "401s within the window were retried: " + stats);
        assertEquals(5, rejections.size());
        assertTrue(rejections.stream().allMatch(r -> r.status() == 401));
    }

    /**
     * Item 3 of issue 23: a probe that starts sending before {@code probes add} registered it loses nothing: its
     * 401s within the authentication retry window are retried, and the monitor picks the changed credentials
     * file up at once (file-change notification).
     */
    @Test
    void aProbeStartedBeforeItsRegistrationLosesNothing() throws Exception {
        byte[] secret = "registered-late-secret".getBytes(StandardCharsets.UTF_8);
        List<Long> sent = new ArrayList<>();
        try (BackgroundClient client = new BackgroundClient(config().caFile(ca.caCertificate())
                .credentials(77, secret).linger(Duration.ofMillis(10)).build())) {
            assertTrue(client.start());
            for (int i = 0; i < 20; i++) {
                Message message = message(client, 77);
                assertTrue(client.send(message) >= 1);
                sent.add(message.getMessageId());
            }
            Thread.sleep(1_500);
            assertEquals(0, client.stats().sent(), "not registered yet: " + client.stats());
            Path credentials = serverConfig.credentialsFile();
            ProbeCredentials.read(credentials)
                    .with(77, SecretHashes.hash(secret, SecretHashes.MIN_ITERATIONS), Instant.now()).write(credentials);
            assertTrue(client.stop(Duration.ofSeconds(30)), () -> client.stats().toString());
            assertEquals(20, client.stats().sent());
            assertEquals(0, client.stats().rejected());
            assertTrue(client.stats().retries() > 0, client.stats().toString());
        }
        assertTrue(rejections.isEmpty(), rejections.toString());
        List<Long> stored = new TopicReader(KAFKA.bootstrapServers()).read(topic, 1_000, Duration.ofSeconds(3)).stream()
                .map(r -> MessageCodec.INSTANCE.fromJson(r.value())).filter(m -> m.getProbeId() == 77)
                .map(Message::getMessageId).toList();
        assertTrue(stored.containsAll(sent), "every message arrived: " + stored);
    }

    /**
     * Item 4 of issue 23: a load balancer closes the first connection during the TLS handshake (its backend just
     * died): the client retries at once on a new connection, without its backoff (here one minute) and without
     * the configuration hint.
     */
    @Test
    void aConnectionClosedOnceIsRetriedAtOnceAsTransient() throws Exception {
        try (LoadBalancerStandIn balancer = LoadBalancerStandIn.start(1, server.port())) {
            SynchronousClient client = new SynchronousClient(config().caFile(ca.caCertificate())
                    .endpoint("https://127.0.0.1:" + balancer.port()).credentials(1098, SECRET)
                    .retryPolicy(new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 1, 0, 2)).build());
            long start = System.nanoTime();
            assertEquals(200, client.send(message(client, 1098)));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "no backoff of a minute");
            assertTrue(balancer.accepted() >= 2, "a new connection after the closed one");
            assertEquals(1, client.stats().retries());
            String error = client.stats().lastError();
            assertTrue(error.startsWith("transient: 127.0.0.1:" + balancer.port() + " closed the connection before"
                    + " answering (during the TLS handshake), as a load balancer does whose backend just went away"),
                    error);
        }
    }

    /** ... and when every connection is closed that way, the third in a row gets the configuration hint. */
    @Test
    void aConnectionClosedThreeTimesInARowGetsTheConfigurationHint() throws Exception {
        try (LoadBalancerStandIn balancer = LoadBalancerStandIn.start(Integer.MAX_VALUE, server.port())) {
            SynchronousClient client = new SynchronousClient(config().caFile(ca.caCertificate())
                    .endpoint("https://127.0.0.1:" + balancer.port()).credentials(1098, SECRET)
                    .retryPolicy(new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 1, 0, 1)).build());
            assertEquals(MonitorClient.NOT_ACCEPTED, client.send(message(client, 1098)));
            assertEquals(Delivery.CLOSED_IN_A_ROW, balancer.accepted());
            String error = client.stats().lastError();
            assertTrue(error.startsWith("TLS: 127.0.0.1:" + balancer.port() + " closed the connection during the TLS"
                    + " handshake: it is not a TLS monitor port"), error);
            assertTrue(error.endsWith("check TMA_MONITOR_URL (closed 3 times in a row)"), error);
        }
    }

    @Test
    void postingForAnotherProbeIsRefusedWith403() {
        SynchronousClient client = new SynchronousClient(config().caFile(ca.caCertificate()).credentials(1098, SECRET).build());
        assertEquals(403, client.send(message(client, 7)));
        assertEquals(403, rejections.get(0).status());
        assertEquals(200, client.send(message(client, 1098)));
    }

    @Test
    void aTokenFromBeforeAServerRestartIsRenewed() {
        SynchronousClient client = new SynchronousClient(config().caFile(ca.caCertificate()).build());
        assertTrue(client.authenticate(1098, SECRET));
        assertEquals(200, client.send(message(client, 1098)));
        int port = server.port();
        server.close();
        server = MonitorServer.start(ServerConfig.builder().bindAddress("127.0.0.1").port(port)
                .kafkaBootstrapServers(serverConfig.kafkaBootstrapServers()).topic(topic)
                .credentialsFile(serverConfig.credentialsFile())
                .tlsKeystore(ca.serverKeystore(), new String(TestCa.PASSWORD)).build());
        assertEquals(200, client.send(message(client, 1098)), "new signing key: 401, renewed, sent");
        assertTrue(rejections.isEmpty());
    }
}
