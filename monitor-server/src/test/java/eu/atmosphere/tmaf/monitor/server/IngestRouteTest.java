package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.server.ingest.LegacyInvalidAnswer;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /monitor} is one route with one handler, however it is spelled: Accept negotiation
 * (q-values, wildcards, several headers, unreadable ones), media types, authentication challenges,
 * foreign probe ids, invalid messages, the legacy answer, request ids, methods, and the route's
 * metrics, against a real server and Kafka, with credentials on.
 */
class IngestRouteTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long PROBE = 7;
    private static final String SECRET = "route-secret";
    private static final String ORIGINAL_CLIENT = "Jersey/2.27 (HttpUrlConnection 1.8)";

    @TempDir
    static Path directory;

    private static TopicServer server;
    private static long messageId;

    @BeforeAll
    static void start() throws IOException {
        Path credentials = SecretFiles.credentials(directory, Map.of(PROBE, SECRET));
        server = TopicServer.start(KAFKA, 1, ServerConfig.builder().credentialsFile(credentials)
                .reloadInterval(Duration.ZERO).legacyInvalidAnswer(LegacyInvalidAnswer.ORIGINAL_CLIENT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void acceptNegotiationAsksForJsonOnlyByName() throws IOException {
        for (List<String> accept : List.of(List.<String>of(), List.of(""), List.of("*/*"), List.of("application/*"),
                List.of("application/json;q=0"), List.of("application/problem+json"), List.of("text/html"),
                List.of("application/vnd.probe+json"), List.of("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"))) {
            RawHttp.Response answer = request(valid()).accept(accept).send("/monitor");
            assertEquals(200, answer.status(), "Accept " + accept);
            assertEquals("0", answer.bodyText(), "Accept " + accept);
        }
        for (List<String> accept : List.of(List.of("application/json"), List.of("APPLICATION/JSON"),
                List.of("application/json; charset=utf-8"), List.of("text/plain, application/json;q=0.1"),
                List.of("text/plain", "application/json"), List.of("application/*;q=1, application/json;q=.5"))) {
            RawHttp.Response answer = request(valid()).accept(accept).send("/monitor");
            assertEquals(200, answer.status(), "Accept " + accept);
            assertEquals("application/json", answer.header("content-type"), "Accept " + accept);
            assertTrue(answer.bodyText().startsWith("{\"accepted\":1,"), answer.bodyText());
        }
        for (List<String> accept : List.of(List.of("application/json;q=abc"), List.of("application/json;q=2"),
                List.of("text/plain", "application/json;q=x"), List.of(";;"), List.of("application/json;q=1.0001"))) {
            assertProblem(request(valid()).accept(accept).send("/monitor"), 400, "malformed-accept");
        }
    }

    @Test
    void mediaTypesAndBodiesAreRefusedWithTheirProblem() throws IOException {
        for (String contentType : new String[] {null, "text/plain", "application/*", "*/*",
                "application/json;charset=latin1", "application/problem+json"}) {
            assertProblem(request(valid()).contentType(contentType).send("/monitor"), 415, "unsupported-media-type");
        }
        assertEquals(200, request(valid()).contentType("application/json; charset=UTF-8").send("/monitor").status());
        assertProblem(request(valid()).header("Content-Type", "text/plain").send("/monitor"), 400,
                "malformed-content-type");
        assertProblem(request("{\"probeId\":7,").send("/monitor"), 400, "malformed-json");
        assertProblem(request("{\"probeId\":7}").send("/monitor"), 400, "invalid-message");
        assertProblem(request(TestHttp.message(8, 1, 1)).send("/monitor"), 403, "foreign-probe-id");
        assertProblem(request(valid()).header("Content-Encoding", "br").send("/monitor"), 415,
                "unsupported-content-encoding");
        RawHttp.Response batch = request("[" + valid() + "," + valid() + "]").accept(List.of("application/json"))
                .send("/monitor");
        assertEquals(200, batch.status(), batch.bodyText());
        assertTrue(batch.bodyText().startsWith("{\"accepted\":2,"), batch.bodyText());
    }

    @Test
    void theOriginalClientGetsTheOriginalAnswerUnlessItAsksForProblems() throws IOException {
        RawHttp.Response legacy = request("{\"probeId\":7}").header("User-Agent", ORIGINAL_CLIENT).send("/monitor");
        assertEquals(200, legacy.status());
        assertTrue(legacy.bodyText().startsWith("Number of errors: 4\n"), legacy.bodyText());
        assertProblem(request("{\"probeId\":7}").header("User-Agent", ORIGINAL_CLIENT)
                .accept(List.of("application/problem+json")).send("/monitor"), 400, "invalid-message");
    }

    @Test
    void everyRefusalOfCredentialsIs401WithBothChallenges() throws IOException {
        for (Request refused : List.of(request(valid()).authorization(null),
                request(valid()).authorization("Bearer garbage"),
                request(valid()).authorization(SecretFiles.basic(PROBE, "wrong")),
                request(valid()).header("Authorization", SecretFiles.basic(PROBE, SECRET)))) {
            RawHttp.Response answer = refused.send("/monitor");
            assertProblem(answer, 401, "unauthorized");
            assertEquals(2, answer.headers().get("www-authenticate").size(), answer.headers().toString());
        }
    }

    @Test
    void requestIdsAreKeptWhenWellFormedAndReplacedBySixteenHexDigitsOtherwise() throws IOException {
        assertEquals("route-test", request(valid()).send("/monitor").header("X-Request-Id"));
        for (Request replaced : List.of(request(valid()).requestId("not a well-formed id!"),
                request(valid()).requestId("x".repeat(65)))) {
            RawHttp.Response answer = replaced.send("/monitor");
            assertEquals(200, answer.status());
            assertTrue(answer.header("X-Request-Id").matches("[0-9a-f]{16}"), answer.header("X-Request-Id"));
        }
    }

    @Test
    void everySpellingOfTheRouteIsTheIngestAndCountsAsIt() throws IOException {
        for (String path : List.of("/monitor", "/monitor/", "/%6Donitor", "/monitor;jsessionid=1", "/monitor?probe=1")) {
            long before = requestsCounted("/monitor", 200);
            RawHttp.Response answer = request(valid()).accept(List.of("application/json")).send(path);
            assertEquals(200, answer.status(), path + ": " + answer.bodyText());
            assertTrue(answer.bodyText().startsWith("{\"accepted\":1,"), path + ": " + answer.bodyText());
            assertEquals(before + 1, requestsCounted("/monitor", 200), path);
        }
    }

    @Test
    void otherMethodsAre405AndOptionsSaysWhatIsAllowed() throws IOException {
        RawHttp.Response get = RawHttp.exchange(server.port(), authorized(new RawHttp.Builder("GET", "/monitor/"))
                .build(), Duration.ofSeconds(10), false);
        assertProblem(get, 405, "method-not-allowed");
        assertEquals("OPTIONS, POST", get.header("Allow"));
        RawHttp.Response options = RawHttp.exchange(server.port(),
                authorized(new RawHttp.Builder("OPTIONS", "/monitor")).build(), Duration.ofSeconds(10), false);
        assertEquals(204, options.status());
        assertEquals("OPTIONS, POST", options.header("Allow"));
        RawHttp.Response anonymous = RawHttp.exchange(server.port(), new RawHttp.Builder("GET", "/monitor").build(),
                Duration.ofSeconds(10), false);
        assertProblem(anonymous, 401, "unauthorized");
    }

    @Test
    void statusLinesSpellReasonsAsJerseysRoutesDo() throws IOException {
        assertEquals("HTTP/1.1 200 OK", statusLine(request(valid()).build("/monitor")));
        assertEquals("HTTP/1.1 415 Unsupported Media Type",
                statusLine(request(valid()).contentType("text/plain").build("/monitor")));
        assertEquals("HTTP/1.1 403 Forbidden", statusLine(request(TestHttp.message(8, 1, 1)).build("/monitor")));
        assertEquals("HTTP/1.1 401 Unauthorized", statusLine(request(valid()).authorization("Basic x").build("/monitor")));
        assertEquals("HTTP/1.1 405 Method Not Allowed",
                statusLine(authorized(new RawHttp.Builder("GET", "/monitor")).build()));
        assertEquals("HTTP/1.1 404 Not Found", statusLine(authorized(new RawHttp.Builder("GET", "/nowhere")).build()));
    }

    private static String statusLine(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
        }
    }

    private static RawHttp.Builder authorized(RawHttp.Builder builder) {
        return builder.header("Authorization", SecretFiles.basic(PROBE, SECRET));
    }

    private static void assertProblem(RawHttp.Response answer, int status, String slug) {
        assertEquals(status, answer.status(), answer.bodyText());
        assertEquals("application/problem+json", answer.header("content-type"), answer.headers().toString());
        assertTrue(answer.bodyText().contains("\"type\":\"urn:tma-monitor:problem:" + slug + "\""), answer.bodyText());
    }

    private static long requestsCounted(String route, int status) throws IOException {
        RawHttp.Response metrics = RawHttp.exchange(server.port(), new RawHttp.Builder("GET", "/metrics").build(),
                Duration.ofSeconds(10), false);
        Matcher line = Pattern.compile("tma_monitor_http_requests_total\\{route=\"" + Pattern.quote(route)
                + "\",status=\"" + status + "\"} ([0-9.E]+)").matcher(metrics.bodyText());
        return line.find() ? (long) Double.parseDouble(line.group(1)) : 0;
    }

    private static String valid() {
        return TestHttp.message(PROBE, 1, ++messageId);
    }

    private static Request request(String body) {
        return new Request(body);
    }

    /** A POST authenticated as {@link #PROBE} with a fixed request id unless told. */
    private static final class Request {
        private final String body;
        private final List<String[]> headers = new ArrayList<>();
        private String contentType = "application/json";
        private String authorization = SecretFiles.basic(PROBE, SECRET);
        private String requestId = "route-test";

        Request(String body) {
            this.body = body;
        }

        Request accept(List<String> values) {
            values.forEach(value -> header("Accept", value));
            return this;
        }

        Request contentType(String value) {
            contentType = value;
            return this;
        }

        Request authorization(String value) {
            authorization = value;
            return this;
        }

        Request requestId(String value) {
            requestId = value;
            return this;
        }

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        byte[] build(String path) {
            RawHttp.Builder builder = new RawHttp.Builder("POST", path).header("Content-Type", contentType)
                    .header("Authorization", authorization).header("X-Request-Id", requestId);
            headers.forEach(header -> builder.header(header[0], header[1]));
            return builder.body(body.getBytes(StandardCharsets.UTF_8)).build();
        }

        RawHttp.Response send(String path) throws IOException {
            return RawHttp.exchange(server.port(), build(path), Duration.ofSeconds(20), false);
        }
    }
}
