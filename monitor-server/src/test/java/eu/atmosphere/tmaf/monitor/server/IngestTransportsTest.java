package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import eu.atmosphere.tmaf.monitor.server.ingest.LegacyInvalidAnswer;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /monitor} has two transports: the Grizzly handler for the plain path, Jersey for the
 * spellings it routes to the same resource ({@code /monitor/}). Both must answer every request the
 * same way, byte for byte apart from the path: Accept negotiation (q-values, wildcards, several
 * headers, unreadable ones), media types, authentication challenges, foreign probe ids, invalid
 * messages, the legacy answer, request ids. Jersey is the reference.
 */
class IngestTransportsTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long PROBE = 7;
    private static final String SECRET = "transports-secret";
    private static final List<String> COMPARED_HEADERS = List.of("content-type", "content-length", "x-request-id",
            "allow", "www-authenticate", "retry-after", "cache-control", "connection");

    @TempDir
    static Path directory;

    private static MonitorServer server;
    private static long messageId;

    @BeforeAll
    static void start() throws IOException {
        String topic = "topic-monitor-transports-" + UUID.randomUUID();
        KAFKA.createTopic(topic, 1);
        Path credentials = directory.resolve("probes.credentials");
        ProbeCredentials.empty()
                .with(PROBE, SecretHashes.hash(SECRET.getBytes(StandardCharsets.UTF_8), SecretHashes.MIN_ITERATIONS),
                        Instant.now())
                .write(credentials);
        server = MonitorServer.start(ServerConfig.builder().port(0).kafkaBootstrapServers(KAFKA.bootstrapServers())
                .topic(topic).credentialsFile(credentials).reloadInterval(Duration.ZERO)
                .legacyInvalidAnswer(LegacyInvalidAnswer.ORIGINAL_CLIENT).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void acceptNegotiationIsJerseys() throws IOException {
        for (List<String> accept : List.of(List.<String>of(), List.of(""), List.of("application/json"),
                List.of("application/json;q=0"), List.of("*/*"), List.of("application/*"), List.of("application/*;q=1"),
                List.of("text/plain, application/json;q=0.1"), List.of("application/problem+json"),
                List.of("application/vnd.probe+json"), List.of("APPLICATION/JSON"), List.of("application/json; charset=utf-8"),
                List.of("text/html"), List.of("application/json;q=abc"), List.of("application/json;q=2"),
                List.of("text/plain", "application/json"), List.of("text/plain", "application/json;q=x"))) {
            assertSameAnswer(request(valid()).accept(accept), "Accept " + accept);
        }
    }

    @Test
    void mediaTypesAndBodiesAreRefusedAlike() throws IOException {
        for (String contentType : new String[] {null, "text/plain", "application/*", "*/*",
                "application/json;charset=latin1", "application/json; charset=UTF-8", "application/problem+json"}) {
            assertSameAnswer(request(valid()).contentType(contentType), "Content-Type " + contentType);
        }
        assertSameAnswer(request(valid()).header("Content-Type", "text/plain"), "two Content-Types");
        assertSameAnswer(request("{\"probeId\":7,"), "malformed JSON");
        assertSameAnswer(request("{\"probeId\":7}"), "invalid message");
        assertSameAnswer(request("{\"probeId\":7}").header("User-Agent", "Jersey/2.27 (HttpUrlConnection 1.8)"),
                "invalid message from the original client");
        assertSameAnswer(request("{\"probeId\":7}").header("User-Agent", "Jersey/2.27 (HttpUrlConnection 1.8)")
                .accept(List.of("application/problem+json")), "original client asking for problems");
        assertSameAnswer(request(TestHttp.message(8, 1, 1)), "foreign probe id");
        assertSameAnswer(request("[" + valid() + "," + valid() + "]").accept(List.of("application/json")), "batch");
        assertSameAnswer(request(valid()).header("Content-Encoding", "br"), "unknown encoding");
    }

    @Test
    void authenticationAndRequestIdsAreTheFiltersOnes() throws IOException {
        assertSameAnswer(request(valid()).authorization(null), "no credentials");
        assertSameAnswer(request(valid()).authorization("Bearer garbage"), "bad token");
        assertSameAnswer(request(valid()).authorization(basic(PROBE, "wrong")), "wrong secret");
        assertSameAnswer(request(valid()).header("Authorization", basic(PROBE, SECRET)), "two Authorization headers");
        for (Request replaced : List.of(request(valid()).requestId("not a well-formed id!"),
                request(valid()).requestId("two-ids").header("X-Request-Id", "second"))) {
            Exchange plain = replaced.send("/monitor");
            Exchange jersey = replaced.send("/monitor/");
            assertTrue(plain.response.header("X-Request-Id").matches("[0-9a-f]{1,16}"), plain.describe());
            assertEquals(jersey.describe().replace(jersey.response.header("X-Request-Id"), "new"),
                    plain.describe().replace(plain.response.header("X-Request-Id"), "new"));
        }
    }

    @Test
    void queryStringsGoToTheSameRoute() throws IOException {
        assertSameAnswer(request(valid()), "?probe=1", "a query string");
    }

    @Test
    void answersOfThePlainPathCountAsTheMonitorRoute() throws IOException {
        long before = requestsCounted("/monitor", 200);
        long beforeOther = requestsCounted("other", 200);

        assertEquals(200, request(valid()).send("/monitor").response.status());
        assertEquals(200, request(valid()).send("/monitor/").response.status());

        assertEquals(before + 1, requestsCounted("/monitor", 200));
        assertEquals(beforeOther + 1, requestsCounted("other", 200));
    }

    private static long requestsCounted(String route, int status) throws IOException {
        RawHttp.Response metrics = RawHttp.exchange(server.port(), new RawHttp.Builder("GET", "/metrics").build(),
                Duration.ofSeconds(10), false);
        Matcher line = Pattern.compile("tma_monitor_http_requests_total\\{route=\"" + Pattern.quote(route)
                + "\",status=\"" + status + "\"} ([0-9.E]+)").matcher(metrics.bodyText());
        return line.find() ? (long) Double.parseDouble(line.group(1)) : 0;
    }

    private static void assertSameAnswer(Request request, String what) throws IOException {
        assertSameAnswer(request, "", what);
    }

    private static void assertSameAnswer(Request request, String query, String what) throws IOException {
        Exchange jersey = request.send("/monitor/" + query);
        Exchange plain = request.send("/monitor" + query);
        assertEquals(jersey.describe(), plain.describe(), what);
    }

    private static String valid() {
        return TestHttp.message(PROBE, 1, ++messageId);
    }

    private static Request request(String body) {
        return new Request(body);
    }

    private static String basic(long probeId, String secret) {
        return AuthBypassTest.basic(probeId, secret);
    }

    /** A POST to be sent to both paths, authenticated as {@link #PROBE} with a fixed request id unless told. */
    private static final class Request {
        private final String body;
        private final List<String[]> headers = new ArrayList<>();
        private String contentType = "application/json";
        private String authorization = basic(PROBE, SECRET);
        private String requestId = "transports-test";

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

        Exchange send(String path) throws IOException {
            RawHttp.Builder builder = new RawHttp.Builder("POST", path).header("Content-Type", contentType)
                    .header("Authorization", authorization).header("X-Request-Id", requestId);
            headers.forEach(header -> builder.header(header[0], header[1]));
            return new Exchange(RawHttp.exchange(server.port(), builder.body(body.getBytes(StandardCharsets.UTF_8))
                    .build(), Duration.ofSeconds(20), false));
        }
    }

    /** What a client sees of an answer: status, the headers that matter, body. */
    private record Exchange(RawHttp.Response response) {
        String describe() {
            StringBuilder text = new StringBuilder().append(response.status());
            for (String name : COMPARED_HEADERS) {
                List<String> values = response.headers().getOrDefault(name, List.of());
                if (!values.isEmpty()) {
                    text.append('\n').append(name).append(": ").append(values);
                }
            }
            // each request stores new records: the receipts' offsets differ, their shape may not
            return text.append('\n').append(response.bodyText().replaceAll("\"offset\":\\d+", "\"offset\":N"))
                    .toString();
        }
    }
}
