package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.SecretFiles.TOKEN_KEY;
import static eu.atmosphere.tmaf.monitor.server.SecretFiles.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.server.auth.TokenService;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication cannot be bypassed on the route that publishes ({@code POST /monitor}): path
 * variants, other methods, method-override headers, absent, empty, malformed, duplicated and
 * foreign credentials are all refused and nothing of them reaches Kafka (the topic's end offsets
 * count exactly the control requests). Tokens are bound to their probe. The server's log, captured
 * over every refusal, a 503 (Kafka unreachable) and token issuance, never contains a secret, a
 * Basic credential or a token. Complements {@link SecureServerTest} (TLS, signature, expiry,
 * revocation, file permissions).
 */
class AuthBypassTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final StderrCapture LOG = new StderrCapture();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROBE = 1098;
    private static final long OTHER = 7;
    private static final String SECRET = "Kiwi-quartz-1098-lantern";
    private static final String OTHER_SECRET = "Seven-ember-walrus-2231";
    /** The publishing route, spelled every way a router, a normaliser or a filter might see differently. */
    static final List<String> PATH_VARIANTS = List.of("/monitor", "/monitor/", "//monitor", "/monitor;x", "/monitor;/",
            "/MONITOR", "/Monitor", "/monitor/../monitor", "/./monitor", "/monitor/.", "/%6Donitor", "/%6donitor",
            "/monitor%2F", "/monitor%2f", "/monitor/validate/../../monitor", "/monitor/validate/%2e%2e/%2e%2e/monitor",
            "/monitor/auth/..", "/monitor/auth/%2E%2E", "/monitor%2Fvalidate", "/monitor/validate;/../../monitor",
            "/health/live/../../monitor", "/schema/../monitor", "/monitor?probeId=1098", "/monitor#x",
            "http://127.0.0.1/monitor", "/monitor%00", "/monitor%20", "/%2Fmonitor");

    @TempDir
    static Path directory;

    private static final List<String> SECRETS_SEEN = new ArrayList<>();
    private static MonitorServer server;
    private static TopicSize stored;
    private static String topic;
    private static String token;
    private static String otherToken;

    @BeforeAll
    static void start() throws IOException {
        topic = KAFKA.createUniqueTopic("topic-monitor-bypass", 1);
        Path credentials = SecretFiles.credentials(directory, Map.of(PROBE, SECRET, OTHER, OTHER_SECRET));
        Path keyFile = SecretFiles.tokenKey(directory, TOKEN_KEY);
        server = MonitorServer.start(config(credentials, keyFile, KAFKA.bootstrapServers()));
        stored = new TopicSize(KAFKA.bootstrapServers(), topic);
        token = issuedToken(server, basic(PROBE, SECRET));
        otherToken = issuedToken(server, basic(OTHER, OTHER_SECRET));
        SECRETS_SEEN.addAll(List.of(SECRET, OTHER_SECRET, token, otherToken, basic(PROBE, SECRET).substring(6),
                basic(OTHER, OTHER_SECRET).substring(6)));
    }

    @AfterAll
    static void stopAndScanTheLog() {
        server.close();
        stored.close();
        String log = LOG.text();
        for (String secret : SECRETS_SEEN) {
            assertFalse(log.contains(secret), "a secret, Basic credential or token appeared in the server log");
        }
        assertTrue(log.contains("rejected status=401"), "refusals are logged");
        assertTrue(log.contains("status=503"), "the 503 path was exercised and logged");
        assertTrue(log.contains("token issued"), "token issuance was exercised and logged");
    }

    @Test
    void noSpellingOfThePublishingRouteAcceptsAMessageWithoutValidCredentials() throws Exception {
        String fingerprint = "x";
        String expired = TokenService.of(List.of(TOKEN_KEY), Duration.ofMinutes(1),
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC)).issue(PROBE, fingerprint);
        String foreignKey = TokenService.generated(Duration.ofMinutes(5), Clock.systemUTC()).issue(PROBE, fingerprint);
        SECRETS_SEEN.addAll(List.of(expired, foreignKey));
        List<String> refusedCredentials = new ArrayList<>();
        refusedCredentials.add(null);
        refusedCredentials.addAll(List.of("", "Bearer", "Bearer ", "Basic", "Basic ", "Bearer garbage", "bearer" + token,
                "Bearer " + token + "x", "Bearer " + expired, "Bearer " + foreignKey, "Token " + token,
                "Basic " + b64(PROBE + ""), "Basic " + b64(":" + SECRET),
                "Basic " + b64(PROBE + ":" + SECRET).substring(2), "Digest username=\"1098\""));
        // wrong secrets cost a slow hash each (PBKDF2): on the canonical spellings only, the filter does not look at the path
        List<String> slowToRefuse = List.of(basic(PROBE, "wrong-secret"), basic(PROBE, ""), basic(4242, SECRET));
        long before = stored.now();
        List<String> accepted = new ArrayList<>();
        for (String path : PATH_VARIANTS) {
            List<String> credentials = new ArrayList<>(refusedCredentials);
            if (path.equals("/monitor") || path.equals("/monitor/") || path.equals("/MONITOR")) {
                credentials.addAll(slowToRefuse);
            }
            for (String authorization : credentials) {
                RawHttp.Response response = post(path, authorization, TestHttp.message(PROBE, 42, 1));
                if (response != null && response.status() / 100 == 2) {
                    accepted.add(path + " with " + authorization + " -> " + response.status());
                }
                assertRefusal(response, path + " with " + authorization);
            }
        }
        assertEquals(List.of(), accepted, "accepted without valid credentials");
        assertEquals(before, stored.now(), "nothing of a refused request reached Kafka");

        int controls = 0;
        for (String path : PATH_VARIANTS) {
            RawHttp.Response response = post(path, "Bearer " + token, TestHttp.message(PROBE, 43, controls));
            if (response != null && response.status() == 200) {
                controls++;
            }
        }
        assertTrue(controls >= 1, "control: the canonical route publishes with a valid token");
        assertEquals(before + controls, stored.now(), "exactly the requests answered 200 are in Kafka");
    }

    @Test
    void otherMethodsAndMethodOverrideHeadersNeverPublish() throws Exception {
        long before = stored.now();
        byte[] message = TestHttp.message(PROBE, 44, 1).getBytes(StandardCharsets.UTF_8);
        for (String method : List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "TRACE", "post", "PoSt")) {
            RawHttp.Response anonymous = RawHttp.exchange(server.port(), new RawHttp.Builder(method, "/monitor")
                    .header("Content-Type", "application/json").body(message).build(), Duration.ofSeconds(10),
                    method.equals("HEAD"));
            assertRefusal(anonymous, method + " without credentials");
            RawHttp.Response authenticated = RawHttp.exchange(server.port(), new RawHttp.Builder(method, "/monitor")
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .body(message).build(), Duration.ofSeconds(10), method.equals("HEAD"));
            assertNotNull(authenticated);
            assertTrue(authenticated.status() != 200 || method.equals("OPTIONS"),
                    method + " /monitor answered " + authenticated.status());
        }
        for (String override : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            for (String method : List.of("GET", "PUT")) {
                RawHttp.Response response = RawHttp.exchange(server.port(), new RawHttp.Builder(method, "/monitor")
                        .header("Content-Type", "application/json").header(override, "POST")
                        .header("Authorization", "Bearer " + token).body(message).build(), Duration.ofSeconds(10), false);
                assertRefusal(response, override + ": POST on " + method + " is not honoured");
            }
            assertRefusal(RawHttp.exchange(server.port(), new RawHttp.Builder("POST", "/monitor/validate")
                    .header("Content-Type", "application/json").header(override, "POST").body(message).build(),
                    Duration.ofSeconds(10), false), "validate with " + override, 200);
        }
        // the open routes take the message but never publish it
        assertEquals(200, post("/monitor/validate", null, TestHttp.message(PROBE, 45, 1)).status());
        assertRefusal(post("/monitor/auth", null, TestHttp.message(PROBE, 46, 1)), "auth without credentials");
        assertEquals(200, post("/monitor/auth", basic(PROBE, SECRET), TestHttp.message(PROBE, 47, 1)).status());
        assertEquals(before, stored.now(), "nothing was published");
    }

    @Test
    void duplicatedAuthorizationHeadersAreRefused() throws Exception {
        long before = stored.now();
        List<List<String>> pairs = List.of(List.of("Bearer " + token, "Bearer garbage"),
                List.of("Bearer garbage", "Bearer " + token), List.of("Bearer " + token, "Bearer " + token),
                List.of(basic(PROBE, SECRET), "Bearer " + token), List.of("", "Bearer " + token));
        for (List<String> pair : pairs) {
            RawHttp.Builder request = new RawHttp.Builder("POST", "/monitor").header("Content-Type", "application/json")
                    .body(TestHttp.message(PROBE, 48, 1).getBytes(StandardCharsets.UTF_8));
            pair.forEach(value -> request.header("Authorization", value));
            assertRefusal(RawHttp.exchange(server.port(), request.build(), Duration.ofSeconds(10), false),
                    "two Authorization headers");
        }
        assertEquals(before, stored.now());
    }

    @Test
    void aTokenPublishesOnlyItsOwnProbesMessages() throws Exception {
        long before = stored.now();
        RawHttp.Response foreign = post("/monitor", "Bearer " + otherToken, TestHttp.message(PROBE, 49, 1));
        assertEquals(403, foreign.status(), foreign.bodyText());
        RawHttp.Response mixed = post("/monitor", "Bearer " + token,
                "[" + TestHttp.message(PROBE, 50, 1) + "," + TestHttp.message(OTHER, 50, 2) + "]");
        assertEquals(403, mixed.status(), mixed.bodyText());
        assertEquals(before, stored.now(), "nothing of a foreign request is stored");
        assertEquals(200, post("/monitor", "Bearer " + otherToken, TestHttp.message(OTHER, 51, 1)).status());
        assertEquals(before + 1, stored.now());
    }

    /** The 503 path (Kafka unreachable) with valid credentials of both kinds: answered, logged, no secret in the log. */
    @Test
    void refusalsForAnUnreachableKafkaLogNoCredentials() throws Exception {
        int deadPort;
        try (ServerSocket free = new ServerSocket(0)) {
            deadPort = free.getLocalPort();
        }
        try (MonitorServer unavailable = MonitorServer.start(config(directory.resolve("probes.credentials"),
                directory.resolve("token.key"), "127.0.0.1:" + deadPort))) {
            for (String authorization : List.of("Bearer " + token, basic(PROBE, SECRET))) {
                RawHttp.Response response = RawHttp.exchange(unavailable.port(), new RawHttp.Builder("POST", "/monitor")
                        .header("Content-Type", "application/json").header("Authorization", authorization)
                        .body(TestHttp.message(PROBE, 52, 1).getBytes(StandardCharsets.UTF_8)).build(),
                        Duration.ofSeconds(30), false);
                assertNotNull(response);
                assertEquals(503, response.status(), response.bodyText());
                assertNotNull(response.header("retry-after"));
            }
        }
    }

    private static ServerConfig config(Path credentials, Path keyFile, String kafka) {
        return ServerConfig.builder().port(0).kafkaBootstrapServers(kafka).topic(topic).credentialsFile(credentials)
                .tokenKeyFile(keyFile).reloadInterval(Duration.ZERO).kafkaTimeout(Duration.ofSeconds(3)).build();
    }

    /** A refusal: answered with a 4xx (problem+json, or Grizzly's bare 400 for a target it cannot parse), never 2xx or 5xx. */
    private static void assertRefusal(RawHttp.Response response, String what) {
        assertRefusal(response, what, -1);
    }

    private static void assertRefusal(RawHttp.Response response, String what, int allowed) {
        assertNotNull(response, "no answer: " + what);
        if (response.status() == allowed) {
            return;
        }
        assertTrue(response.status() >= 400 && response.status() < 500, what + " -> " + response.status());
        if (response.body().length == 0) {
            assertEquals(400, response.status(), what + ": only the codec's bare 400 has no problem body");
            return;
        }
        assertEquals("application/problem+json", response.header("content-type"), what);
        try {
            JsonNode problem = JSON.readTree(response.body());
            assertEquals(response.status(), problem.get("status").intValue(), what);
        } catch (IOException e) {
            throw new AssertionError(what, e);
        }
    }

    private static RawHttp.Response post(String path, String authorization, String body) throws IOException {
        RawHttp.Builder request = new RawHttp.Builder("POST", path).header("Content-Type", "application/json")
                .header("Authorization", authorization).body(body.getBytes(StandardCharsets.UTF_8));
        return RawHttp.exchange(server.port(), request.build(), Duration.ofSeconds(10), false);
    }

    private static String issuedToken(MonitorServer target, String basic) throws IOException {
        RawHttp.Response response = RawHttp.exchange(target.port(), new RawHttp.Builder("POST", "/monitor/auth")
                .header("Authorization", basic).build(), Duration.ofSeconds(30), false);
        assertEquals(200, response.status(), response.bodyText());
        return JSON.readTree(response.body()).get("token").textValue();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
