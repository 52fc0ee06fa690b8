package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.IngestTest.assertProblem;
import static eu.atmosphere.tmaf.monitor.server.SecretFiles.TOKEN_KEY;
import static eu.atmosphere.tmaf.monitor.server.SecretFiles.basic;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import eu.atmosphere.tmaf.monitor.server.auth.TokenService;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher;
import eu.atmosphere.tmaf.monitor.server.tls.RawClientHello;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import eu.atmosphere.tmaf.monitor.testsupport.TestCa;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor as deployed: HTTPS with a test CA, probe credentials, real Kafka. Every refusal
 * is checked to have stored nothing (the topic's end offsets do not move), and the server's
 * log output is checked to never contain a secret or a token.
 */
class SecureServerTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final StderrCapture LOG = new StderrCapture();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTHER_SECRET = "Zebra-quartz-9431-violet";

    @TempDir
    static Path directory;

    private static String topic;
    private static Path credentials;
    private static MonitorServer server;
    private static HttpClient client;
    private static TopicSize stored;
    private static final List<String> TOKENS_SEEN = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        topic = KAFKA.createUniqueTopic("topic-monitor", 3);
        credentials = SecretFiles.credentials(directory, Map.of(1098L, "pass", 7L, OTHER_SECRET, 55L, OTHER_SECRET,
                66L, "first"));
        Path keyFile = SecretFiles.tokenKey(directory, TOKEN_KEY);
        TestCa.Issued tls = TestCa.files();
        server = MonitorServer.start(ServerConfig.builder().port(0).kafkaBootstrapServers(KAFKA.bootstrapServers())
                .topic(topic).credentialsFile(credentials).tokenKeyFile(keyFile)
                .reloadInterval(Duration.ofMillis(200))
                .tlsPem(tls.serverChain(), tls.serverKey()).build());
        client = TestCa.client();
        stored = new TopicSize(KAFKA.bootstrapServers(), topic);
    }

    @AfterAll
    static void stop() {
        server.close();
        stored.close();
        String log = LOG.text();
        for (String secret : List.of(OTHER_SECRET, basic(1098, "pass").substring(6), basic(7, OTHER_SECRET).substring(6),
                basic(1098, "wrong-secret").substring(6))) {
            assertFalse(log.contains(secret), "a secret appeared in the server log");
        }
        for (String token : TOKENS_SEEN) {
            assertFalse(log.contains(token), "a token appeared in the server log");
        }
        assertTrue(log.contains("rejected status=401"), "refusals are logged:\n" + log);
    }

    @Test
    void servesHttpsAtItsBaseUri() {
        assertEquals("https", server.baseUri().getScheme());
        assertEquals(200, get("health/live").statusCode());
    }

    @Test
    void handshakeFailsForAClientThatDoesNotTrustTheCa() {
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        IOException failure = assertThrows(IOException.class, () -> untrusting.send(
                HttpRequest.newBuilder(server.baseUri().resolve("health/live")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertTrue(failure instanceof SSLHandshakeException || failure.getCause() instanceof SSLHandshakeException,
                failure.toString());
    }

    @Test
    void refusesTls10And11AndCbcSuitesButAcceptsTls12WithAead() throws IOException {
        int port = server.port();
        RawClientHello.Answer tls12 = RawClientHello.offer("127.0.0.1", port, RawClientHello.TLS_1_2,
                RawClientHello.ECDHE_ECDSA_AES_128_GCM);
        assertTrue(tls12.serverHello(), "control: a well-formed TLS 1.2 hello is answered, got " + tls12.answer());
        assertEquals(RawClientHello.TLS_1_2, tls12.version());
        assertEquals(RawClientHello.ECDHE_ECDSA_AES_128_GCM, tls12.cipherSuite());

        RawClientHello.Answer tls11 = RawClientHello.offer("127.0.0.1", port, RawClientHello.TLS_1_1,
                RawClientHello.ECDHE_ECDSA_AES_128_CBC_SHA, RawClientHello.ECDHE_ECDSA_AES_256_CBC_SHA,
                RawClientHello.RSA_AES_128_CBC_SHA, RawClientHello.ECDHE_ECDSA_AES_128_GCM);
        assertFalse(tls11.serverHello(), "TLS 1.1 must be refused");

        RawClientHello.Answer tls10 = RawClientHello.offer("127.0.0.1", port, RawClientHello.TLS_1_0,
                RawClientHello.ECDHE_ECDSA_AES_128_CBC_SHA, RawClientHello.RSA_AES_128_CBC_SHA,
                RawClientHello.ECDHE_ECDSA_AES_128_GCM);
        assertFalse(tls10.serverHello(), "TLS 1.0 must be refused");

        RawClientHello.Answer cbc = RawClientHello.offer("127.0.0.1", port, RawClientHello.TLS_1_2,
                RawClientHello.ECDHE_ECDSA_AES_128_CBC_SHA, RawClientHello.ECDHE_ECDSA_AES_128_CBC_SHA256,
                RawClientHello.RSA_AES_128_CBC_SHA, RawClientHello.RSA_AES_128_GCM);
        assertFalse(cbc.serverHello(), "CBC and non-forward-secret suites must be refused");
    }

    @Test
    void clientInitiatedTls12RenegotiationIsRefused() throws IOException {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) TestCa.trustingCa().getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            byte[] request = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(request);
            assertEquals(200, RawHttp.read(socket.getInputStream(), false).status(), "control: the connection works");

            assertThrows(IOException.class, () -> {
                socket.startHandshake();
                socket.getOutputStream().write(request);
                if (RawHttp.read(socket.getInputStream(), false) == null) {
                    throw new java.io.EOFException("closed by the server");
                }
            }, "a renegotiation the client starts ends the connection");
        }
    }

    @Test
    void seedFlowExchangesBasicCredentialsForATokenAndPublishesWithIt() throws Exception {
        long before = stored.now();
        HttpResponse<String> auth = post("monitor/auth", null, "", "Authorization", basic(1098, "pass"));
        assertEquals(200, auth.statusCode(), auth.body());
        assertEquals("no-store", auth.headers().firstValue("Cache-Control").orElse(""));
        JsonNode token = JSON.readTree(auth.body());
        assertEquals("Bearer", token.get("tokenType").textValue());
        assertEquals(900, token.get("expiresIn").intValue());
        TOKENS_SEEN.add(token.get("token").textValue());
        String message = TestHttp.SEED_MESSAGE.replace("\"probeId\":0", "\"probeId\":1098")
                .replace("101098", "991098");

        HttpResponse<String> published = post("monitor", "application/json", message,
                "Authorization", "Bearer " + token.get("token").textValue());

        assertEquals(200, published.statusCode(), published.body());
        assertEquals("0", published.body());
        assertEquals(before + 1, stored.now());
        ConsumerRecord<byte[], byte[]> record = recordWithKey(991098);
        assertArrayEquals(message.getBytes(StandardCharsets.UTF_8), record.value());
        assertEquals("1098", header(record, KafkaPublisher.PROBE_ID_HEADER));
    }

    @Test
    void basicCredentialsWorkDirectlyOnMonitorAsCurlSendsThem() throws Exception {
        long before = stored.now();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = post("monitor", "application/json", TestHttp.message(7, 770 + i, i),
                    "Authorization", basic(7, OTHER_SECRET));
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(before + 3, stored.now());
        assertEquals("7", header(recordWithKey(771), KafkaPublisher.PROBE_ID_HEADER));
    }

    @Test
    void missingCredentialsAre401WithBothChallengesBeforeTheBodyIsRead() throws Exception {
        long before = stored.now();
        HttpResponse<String> response = post("monitor", "application/json", TestHttp.message(1098, 1, 1));
        assertProblem(response, 401, "unauthorized");
        List<String> challenges = response.headers().allValues("WWW-Authenticate");
        assertTrue(challenges.contains("Bearer realm=\"tma-monitor\""), challenges.toString());
        assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Basic realm=\"tma-monitor\"")), challenges.toString());

        byte[] big = new byte[2 * 1024 * 1024];
        Arrays.fill(big, (byte) '[');
        assertProblem(post("monitor", "application/json", big), 401, "unauthorized");
        assertProblem(post("monitor", "text/plain", "not even JSON".getBytes(StandardCharsets.UTF_8)), 401, "unauthorized");
        assertEquals(before, stored.now());
    }

    @Test
    void wrongOrUnknownOrMalformedCredentialsAre401() throws Exception {
        long before = stored.now();
        String message = TestHttp.message(1098, 2, 2);
        assertProblem(post("monitor", "application/json", message, "Authorization", basic(1098, "wrong-secret")),
                401, "unauthorized");
        assertProblem(post("monitor", "application/json", message, "Authorization", basic(4242, "pass")),
                401, "unauthorized");
        assertProblem(post("monitor", "application/json", message, "Authorization", "Basic !!!"), 401, "unauthorized");
        assertProblem(post("monitor", "application/json", message, "Authorization", "Digest abc"), 401, "unauthorized");
        assertProblem(post("monitor", "application/json", message, "Authorization", "Bearer "), 401, "unauthorized");
        assertProblem(post("monitor/auth", null, "", "Authorization", basic(1098, "wrong-secret")), 401, "unauthorized");
        assertProblem(post("monitor/auth", null, ""), 401, "unauthorized");
        assertEquals(before, stored.now());
    }

    @Test
    void expiredAndTamperedTokensAre401() throws Exception {
        long before = stored.now();
        String message = TestHttp.message(1098, 3, 3);
        String fingerprint = ProbeCredentials.read(credentials).find(1098).orElseThrow().fingerprint();
        String fresh = TokenService.of(List.of(TOKEN_KEY), Duration.ofMinutes(1), Clock.systemUTC())
                .issue(1098, fingerprint);
        String expired = TokenService.of(List.of(TOKEN_KEY), Duration.ofMinutes(1),
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC)).issue(1098, fingerprint);
        String issued = JSON.readTree(post("monitor/auth", null, "", "Authorization", basic(1098, "pass")).body())
                .get("token").textValue();
        TOKENS_SEEN.addAll(List.of(fresh, expired, issued));
        String otherProbe = issued.replace(".1098.", ".7.");
        String laterExpiry = issued.replaceFirst("\\.1098\\.(\\d+)\\.", ".1098.9$1.");
        char last = issued.charAt(issued.length() - 1);
        String flippedMac = issued.substring(0, issued.length() - 1) + (last == 'A' ? 'B' : 'A');
        String otherKey = TokenService.generated(Duration.ofMinutes(1), Clock.systemUTC()).issue(1098, fingerprint);

        assertEquals(200, post("monitor", "application/json", message, "Authorization", "Bearer " + fresh).statusCode(),
                "control: a token made with the server's key file is valid");
        HttpResponse<String> expiredResponse = post("monitor", "application/json", message,
                "Authorization", "Bearer " + expired);
        assertProblem(expiredResponse, 401, "unauthorized");
        assertTrue(expiredResponse.headers().allValues("WWW-Authenticate").stream()
                .anyMatch(c -> c.contains("error=\"invalid_token\"") && c.contains("expired")));
        for (String tampered : List.of(otherProbe, laterExpiry, flippedMac, otherKey, issued + "x", "tma1.a.b.c.d.e")) {
            assertProblem(post("monitor", "application/json", message, "Authorization", "Bearer " + tampered),
                    401, "unauthorized");
        }
        assertProblem(post("monitor/auth", null, "", "Authorization", "Bearer " + issued), 401, "unauthorized");
        assertEquals(before + 1, stored.now(), "only the control message is stored");
    }

    @Test
    void aProbePostingAnotherProbesIdIs403AndNothingOfTheRequestIsStored() throws Exception {
        long before = stored.now();
        String auth = basic(1098, "pass");
        HttpResponse<String> single = post("monitor", "application/json", TestHttp.message(7, 4, 4), "Authorization", auth);
        assertProblem(single, 403, "foreign-probe-id");

        String batch = "[" + TestHttp.message(1098, 5, 1) + "," + TestHttp.message(7, 5, 2) + ","
                + TestHttp.message(1098, 5, 3) + "]";
        HttpResponse<String> mixed = post("monitor", "application/json", batch, "Authorization", auth);
        assertProblem(mixed, 403, "foreign-probe-id");
        assertTrue(JSON.readTree(mixed.body()).get("detail").textValue().contains("item 1 has probeId 7"));
        assertEquals(before, stored.now());
    }

    @Test
    void validationAndThePageNeedNoCredentials() throws Exception {
        long before = stored.now();
        HttpResponse<String> valid = post("monitor/validate", "application/json", TestHttp.message(1, 6, 6));
        assertEquals(200, valid.statusCode(), valid.body());
        assertTrue(JSON.readTree(valid.body()).get("valid").booleanValue());
        assertProblem(post("monitor/validate", "application/json", "{\"probeId\":-1}"), 400, "invalid-message");
        assertEquals(200, get("").statusCode());
        assertEquals(200, get("schema").statusCode());
        assertEquals(before, stored.now());
    }

    @Test
    void removingAProbeOrChangingItsSecretRevokesItsTokensOnReload() throws Exception {
        String token = JSON.readTree(post("monitor/auth", null, "", "Authorization", basic(55, OTHER_SECRET)).body())
                .get("token").textValue();
        TOKENS_SEEN.add(token);
        assertEquals(200, post("monitor", "application/json", TestHttp.message(55, 55, 1),
                "Authorization", "Bearer " + token).statusCode());

        ProbeCredentials.read(credentials).without(55).write(credentials);

        assertTrue(eventually401(TestHttp.message(55, 55, 2), "Bearer " + token), "token still accepted after removal");
        assertProblem(post("monitor", "application/json", TestHttp.message(55, 55, 3), "Authorization",
                basic(55, OTHER_SECRET)), 401, "unauthorized");
    }

    @Test
    void aCachedBasicSecretSurvivesAWrongOneAndIsRevokedWhenTheFileChangesTheSecret() throws Exception {
        assertEquals(200, post("monitor", "application/json", TestHttp.message(66, 66, 1),
                "Authorization", basic(66, "first")).statusCode(), "verified and remembered");
        assertProblem(post("monitor", "application/json", TestHttp.message(66, 66, 2), "Authorization",
                basic(66, "second")), 401, "unauthorized");
        assertEquals(200, post("monitor", "application/json", TestHttp.message(66, 66, 3),
                "Authorization", basic(66, "first")).statusCode(), "a wrong secret does not evict the right one");

        ProbeCredentials.read(credentials).with(66, SecretHashes.hash("second".getBytes(StandardCharsets.UTF_8),
                SecretHashes.MIN_ITERATIONS), Instant.now()).write(credentials);

        assertTrue(eventually401(TestHttp.message(66, 66, 4), basic(66, "first")),
                "the remembered old secret still accepted after the file changed it");
        assertEquals(200, post("monitor", "application/json", TestHttp.message(66, 66, 5),
                "Authorization", basic(66, "second")).statusCode(), "the new secret works");
    }

    /**
     * Issue 25: PBKDF2's HMAC pads its key with zero bytes, so {@code pass\0} hashed like {@code pass}. A secret
     * with a control character is refused before the cache and the slow hash, and the real secret stays cached
     * (the server logs each slow verification: there is no second one).
     */
    @Test
    void basicSecretsWithControlCharactersAre401AndLeaveTheCachedSecretInPlace() throws Exception {
        long before = stored.now();
        assertEquals(200, post("monitor", "application/json", TestHttp.message(1098, 10980, 1),
                "Authorization", basic(1098, "pass")).statusCode(), "verified and remembered");
        long verifications = slowVerificationsLogged(1098);
        for (String padded : List.of("pass\0", "pass\0\0\0", "pass\t", "pass\n", "\0pass")) {
            HttpResponse<String> refused = post("monitor", "application/json", TestHttp.message(1098, 10980, 2),
                    "Authorization", basic(1098, padded));
            assertProblem(refused, 401, "unauthorized");
            assertTrue(JSON.readTree(refused.body()).get("detail").textValue().contains("control character"),
                    refused.body());
            assertProblem(post("monitor/auth", null, "", "Authorization", basic(1098, padded)), 401, "unauthorized");
        }
        assertEquals(200, post("monitor", "application/json", TestHttp.message(1098, 10980, 3),
                "Authorization", basic(1098, "pass")).statusCode());
        assertEquals(verifications, slowVerificationsLogged(1098), "the real secret stayed in the cache");
        assertEquals(before + 2, stored.now());
    }

    private static long slowVerificationsLogged(long probeId) {
        String line = "probe " + probeId + " proved its secret against the slow hash";
        return LOG.text().lines().filter(l -> l.contains(line)).count();
    }

    @Test
    void refusesToStartWithAWorldReadableCredentialsFile() throws IOException {
        Path open = directory.resolve("open.credentials");
        Files.copy(credentials, open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> MonitorServer.start(
                ServerConfig.builder().port(0).kafkaBootstrapServers(KAFKA.bootstrapServers()).credentialsFile(open)
                        .build()));
        assertTrue(refused.getMessage().contains("readable by every user"), refused.getMessage());
    }

    @Test
    void servesTlsFromAPkcs12KeystoreToo() throws IOException {
        TestCa.Issued tls = TestCa.files();
        String password = Files.readString(tls.serverKeystorePassword()).strip();
        try (MonitorServer keystoreServer = MonitorServer.start(ServerConfig.builder().port(0)
                .kafkaBootstrapServers(KAFKA.bootstrapServers()).topic(topic).credentialsFile(credentials)
                .tlsKeystore(tls.serverKeystore(), password).build())) {
            assertEquals("https", keystoreServer.baseUri().getScheme());
            HttpResponse<String> response = send(HttpRequest.newBuilder(keystoreServer.baseUri().resolve("health/live"))
                    .build());
            assertEquals(200, response.statusCode());
            assertFalse(keystoreServer.toString().contains(password));
        }
    }

    private boolean eventually401(String message, String authorization) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = post("monitor", "application/json", message, "Authorization", authorization);
            if (response.statusCode() == 401) {
                assertProblem(response, 401, "unauthorized");
                return true;
            }
            assertEquals(200, response.statusCode(), response.body());
            Thread.sleep(100);
        }
        return false;
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records in the topic now: the sum of its partitions' end offsets. */
    private static ConsumerRecord<byte[], byte[]> recordWithKey(long resourceId) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, (int) stored.now(), Duration.ofSeconds(10));
        return records.stream().filter(r -> ByteBuffer.wrap(r.key()).getLong() == resourceId).findFirst()
                .orElseThrow(() -> new AssertionError("no record with key " + resourceId));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}
