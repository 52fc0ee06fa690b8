package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.SecretFiles.TOKEN_KEY;
import static eu.atmosphere.tmaf.monitor.server.SecretFiles.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import eu.atmosphere.tmaf.monitor.schema.MalformedJsonException;
import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.TokenService;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the whole request path over real HTTP: one in-process server with probe credentials
 * and a real Kafka broker for the whole run, one request per fuzzer input, built by
 * {@link FuzzRequests}. Invariants, checked for every input:
 * <ul>
 *   <li>a well-framed request is answered within {@link #TIMEOUT} (no hang);</li>
 *   <li>never a 5xx;</li>
 *   <li>every 4xx carries an RFC 9457 problem+json body with the request id of its header, except the
 *       bare {@code 400} + {@code Connection: close} of Grizzly's HTTP codec for requests it cannot parse
 *       (request-target {@code *}, a header line without a colon, a broken chunk size), which never reach
 *       the application (counted and reported);</li>
 *   <li>a request is published only if it carried valid credentials of the probe and its body is
 *       valid by an independent parse + schema check of the bytes the client sent;</li>
 *   <li>the server keeps serving (health checked after every hostile-framing request and every 64 inputs).</li>
 * </ul>
 * After the run every record in the topic is re-validated, counted against the messages the
 * server reported stored, and read back as the knowledge-base loader reads it
 * ({@link KnowledgeBaseLoader}: a clean JSON object equal to the message sent).
 *
 * <p>CI runs it in regression mode over the committed corpus in
 * {@code src/test/resources/.../RequestFuzzTestInputs/request/}. Fuzz locally (see docs/reliability.md):
 * {@code JAZZER_FUZZ=1 mvn -o -pl monitor-server test -Dtest=RequestFuzzTest -Djazzer.max_duration=5m}.
 */
class RequestFuzzTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** Longest wait for an answer; the Kafka timeout (10 s) plus a generous margin for a loaded CI machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int LIMIT = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageValidator VALIDATOR = MessageValidator.create();
    private static final AtomicLong EXPECTED_RECORDS = new AtomicLong();
    /** Every message the server reported stored, as sent, in order (one partition, one request at a time). */
    private static final List<JsonNode> SENT = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicLong EXECUTIONS = new AtomicLong();
    private static final AtomicLong CODEC_REFUSALS = new AtomicLong();
    /** {@code -Dfuzz.trace=true} prints every request (to check what the corpus decodes to). */
    private static final boolean TRACE = Boolean.getBoolean("fuzz.trace");

    private static Path directory;

    private static TopicServer server;
    private static String topic;
    private static FuzzRequests.Credentials credentials;
    private static volatile boolean loopbackAllowed;

    @BeforeAll
    static void start() throws IOException {
        directory = Files.createTempDirectory("request-fuzz");
        Path credentialsFile = SecretFiles.credentials(directory, Map.of(FuzzRequests.PROBE, "pass", 7L, "seven-secret"));
        Path keyFile = SecretFiles.tokenKey(directory, TOKEN_KEY);
        server = TopicServer.start(KAFKA, 1, ServerConfig.builder().maxBodyBytes(LIMIT).credentialsFile(credentialsFile)
                .tokenKeyFile(keyFile).reloadInterval(Duration.ZERO).requestHeaderTimeout(Duration.ofSeconds(1))
                .requestBodyTimeout(Duration.ofSeconds(1)));
        topic = server.topic();
        ProbeCredentials probes = ProbeCredentials.read(credentialsFile);
        TokenService tokens = TokenService.of(List.of(TOKEN_KEY), Duration.ofHours(1), Clock.systemUTC());
        String fingerprint = probes.find(FuzzRequests.PROBE).orElseThrow().fingerprint();
        credentials = new FuzzRequests.Credentials(
                tokens.issue(FuzzRequests.PROBE, fingerprint),
                TokenService.of(List.of(TOKEN_KEY), Duration.ofMinutes(1),
                        Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC))
                        .issue(FuzzRequests.PROBE, fingerprint),
                tokens.issue(7, probes.find(7).orElseThrow().fingerprint()),
                basic(FuzzRequests.PROBE, "pass"),
                basic(FuzzRequests.PROBE, "wrong"));
    }

    @AfterAll
    static void verifyTopicAndStop() throws IOException {
        try {
            assertServing();
            long expected = EXPECTED_RECORDS.get();
            List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(topic, (int) expected + 1, Duration.ofSeconds(1));
            assertEquals(expected, records.size(), "records in Kafka vs messages the server said it stored");
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = records.get(i);
                KnowledgeBaseLoader.assertStoredAsSent(SENT.get(i), record);
                JsonNode message;
                try {
                    message = JsonDocumentParser.DEFAULT.parse(record.value());
                } catch (MalformedJsonException e) {
                    throw new AssertionError("malformed JSON in Kafka: " + new String(record.value(), StandardCharsets.UTF_8), e);
                }
                assertTrue(message.isObject(), "one message per record");
                assertEquals(List.of(), VALIDATOR.validateMessage(message), "an invalid message reached Kafka");
                assertEquals(FuzzRequests.PROBE, message.get("probeId").longValue());
                Header probe = record.headers().lastHeader(KafkaPublisher.PROBE_ID_HEADER);
                assertNotNull(probe, "every record names the authenticated probe");
                assertEquals(Long.toString(FuzzRequests.PROBE), new String(probe.value(), StandardCharsets.US_ASCII));
            }
            System.out.printf("RequestFuzzTest: %d inputs, %d messages stored and re-validated, %d refused by "
                    + "Grizzly's HTTP codec with a bare 400%n", EXECUTIONS.get(), expected, CODEC_REFUSALS.get());
        } finally {
            server.close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void request(FuzzedDataProvider data) throws IOException {
        if (!loopbackAllowed) {
            loopbackAllowed = allowLoopbackConnections();
        }
        FuzzRequests.Built request = FuzzRequests.build(source(data), credentials);
        if (TRACE) {
            System.out.println("fuzz input: " + describe(request).substring(0, Math.min(300, describe(request).length())));
        }
        RawHttp.Response response;
        try {
            // hostile framing: the client half-closes, so a server waiting for the rest of a request that will
            // never come sees its end at once (waiting out the header deadline is ResourceAbuseTest's subject)
            response = RawHttp.exchange(server.port(), request.wire(), TIMEOUT, request.method().equals("HEAD"),
                    !request.wellFramed());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT.toSeconds() + " s (hang): " + describe(request), e);
        } catch (SocketException e) {
            // a reset after the server answered and closed with body bytes unread: only for bodies it refused unread
            if (request.wellFramed() && request.wire().length <= LIMIT) {
                throw new AssertionError("connection failed: " + e + " for " + describe(request), e);
            }
            response = null;
        }
        if (response == null) {
            if (request.wellFramed() && request.wire().length <= LIMIT) {
                fail("closed without an answer: " + describe(request));
            }
        } else {
            check(request, response);
        }
        if (EXECUTIONS.incrementAndGet() % 64 == 0 || !request.wellFramed()) {
            assertServing();
        }
    }

    private static void check(FuzzRequests.Built request, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500) {
            fail("server error " + status + " " + response.bodyText() + " for " + describe(request));
        }
        if (status >= 400) {
            if (status == 400 && response.body().length == 0 && response.header("content-type") == null
                    && "close".equalsIgnoreCase(response.header("connection"))) {
                CODEC_REFUSALS.incrementAndGet();   // Grizzly's HTTP codec refused it before any application code
                return;
            }
            if (!request.method().equals("HEAD") && (request.wellFramed() || response.body().length > 0)) {
                assertProblem(response, request);
            }
            return;
        }
        String body = response.bodyText();
        boolean stored = request.method().equals("POST") && (body.equals("0") || body.startsWith("{\"accepted\":"));
        if (stored) {
            assertTrue(request.validCredentials(), "published without valid credentials: " + describe(request));
            EXPECTED_RECORDS.addAndGet(independentlyValidMessages(request));
        }
    }

    /** Parses and validates what the client sent, without the server's code path; fails if it is not valid. */
    private static int independentlyValidMessages(FuzzRequests.Built request) {
        JsonNode document;
        try {
            document = JsonDocumentParser.DEFAULT.parse(request.plainBody());
        } catch (MalformedJsonException e) {
            throw new AssertionError("stored a request whose body is malformed JSON: " + describe(request), e);
        }
        assertEquals(List.of(), VALIDATOR.validate(document), "stored an invalid request: " + describe(request));
        for (JsonNode message : document.isArray() ? document : List.of(document)) {
            assertEquals(FuzzRequests.PROBE, message.get("probeId").longValue(), "stored another probe's message");
            SENT.add(message);
        }
        return document.isArray() ? document.size() : 1;
    }

    private static void assertProblem(RawHttp.Response response, FuzzRequests.Built request) {
        String what = response.status() + " " + response.headers() + " " + response.bodyText() + " for "
                + describe(request);
        assertEquals("application/problem+json", response.header("content-type"), what);
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("problem body is not JSON: " + what, e);
        }
        assertTrue(problem.path("type").asText().startsWith("urn:tma-monitor:problem:"), what);
        assertEquals(response.status(), problem.path("status").asInt(), what);
        assertTrue(problem.path("detail").asText().length() > 5, what);
        assertEquals(response.header("x-request-id"), problem.path("requestId").asText(), what);
    }

    private static void assertServing() throws IOException {
        RawHttp.Response health = RawHttp.exchange(server.port(),
                new RawHttp.Builder("GET", "/health/live").contentLength(false).build(), TIMEOUT, false);
        assertNotNull(health, "the server stopped answering");
        assertEquals(200, health.status(), "the server stopped serving: " + health.bodyText());
    }

    /**
     * Jazzer's SSRF detector (active once its agent is in) must let the test talk to its own server and
     * broker; the agent may come in only after the first inputs ran (fuzzing mode replays the corpus first).
     *
     * @return whether the policy is in place or no agent will come
     */
    private static boolean allowLoopbackConnections() {
        try {
            BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
            return true;
        } catch (IllegalStateException e) {
            return System.getenv("JAZZER_FUZZ") == null;   // no agent in a plain regression run: nothing to configure
        }
    }

    private static String describe(FuzzRequests.Built request) {
        byte[] wire = request.wire();
        String text = new String(wire, 0, Math.min(wire.length, 600), StandardCharsets.ISO_8859_1);
        return "[" + wire.length + " bytes] " + text.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** The fuzzer's choices: small numbers from the end of the input, the body from its front. */
    static FuzzRequests.Source source(FuzzedDataProvider data) {
        return new FuzzRequests.Source() {
            @Override
            public int pick(int n) {
                return Byte.toUnsignedInt(data.consumeByte()) % n;
            }

            @Override
            public int size(int max) {
                int high = Byte.toUnsignedInt(data.consumeByte());
                int low = Byte.toUnsignedInt(data.consumeByte());
                return ((high << 8) | low) % (max + 1);
            }

            @Override
            public byte[] rest() {
                return data.consumeRemainingAsBytes();
            }
        };
    }
}
