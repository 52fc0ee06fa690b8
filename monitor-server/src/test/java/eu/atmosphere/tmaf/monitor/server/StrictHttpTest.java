package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9112 framing and RFC 9110 syntax, the way an attacker bends them, against a real server
 * and Kafka: every ambiguous or malformed request is answered 400 (415 for the wrong media type)
 * problem+json with a request id, never 500, never a stack trace; the connection is closed, so a
 * request smuggled behind it is never answered; each refusal is logged once, escaped, and counted
 * in {@code /metrics}. Also the bounds on one request's work: violations listed up to 100, batch
 * items limited.
 */
class StrictHttpTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final StderrCapture LOG = new StderrCapture();
    @RegisterExtension
    static final TopicServer MONITOR = TopicServer.extension(KAFKA, 1, ServerConfig.builder().maxBatchItems(10_000));

    private static final String SMUGGLED = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            GET /monitor\\\\ HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                                       | malformed-request-target
            GET /a`b HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                                            | malformed-request-target
            GET /{x} HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                                            | malformed-request-target
            GET /a^b<c>"d"[e] HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                                   | malformed-request-target
            GET /monitor% HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                                       | malformed-request-target
            GET /monitor%zz HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                                     | malformed-request-target
            GET /health/live?a=%G1 HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                              | malformed-request-target
            GET /health/live HTTP/1.1\\r\\nHost:\\r\\n\\r\\n                                      | malformed-host
            GET /health/live HTTP/1.1\\r\\nHost: a b\\r\\n\\r\\n                                  | malformed-host
            GET /health/live HTTP/1.1\\r\\nHost: a:b\\r\\n\\r\\n                                  | malformed-host
            GET /health/live HTTP/1.1\\r\\nHost: [::1\\r\\n\\r\\n                                 | malformed-host
            GET /health/live HTTP/1.1\\r\\nHost: a/b\\r\\n\\r\\n                                  | malformed-host
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n                       | malformed-host
            GET /health/live HTTP/1.1\\r\\n\\r\\n                                                 | malformed-http
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | ambiguous-framing
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: chunked\\r\\nContent-Length: 5\\r\\n\\r\\n0\\r\\n\\r\\n | ambiguous-framing
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | ambiguous-framing
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: chunked, identity\\r\\n\\r\\n0\\r\\n\\r\\n | unsupported-transfer-encoding
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n0\\r\\n\\r\\n | unsupported-transfer-encoding
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\n{} | malformed-http
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nX-A: 1\\r\\n  folded\\r\\n\\r\\n           | malformed-header
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nX-A: 1\\r\\n\\tfolded\\r\\n\\r\\n         | malformed-header
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nX-No-Colon\\r\\nContent-Length: 2\\r\\n\\r\\n{} | malformed-header
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nBad Name: 1\\r\\n\\r\\n                  | malformed-header
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nAccept: ;;\\r\\n\\r\\n                    | malformed-accept
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nAccept: application/json;q=abc\\r\\n\\r\\n  | malformed-accept
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nAccept: text/plain\\r\\nAccept: a/b;q=2\\r\\n\\r\\n | malformed-accept
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Type: text/plain\\r\\nContent-Length: 2\\r\\n\\r\\n{} | malformed-content-type
            POST /monitor/validate HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n{}\\r\\n0\\r\\n\\r\\n | malformed-http
            GET /health/live HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 3\\r\\n\\r\\nabc         | malformed-http
            """)
    void ambiguousOrMalformedRequestsAre400ProblemsAndTheConnectionIsClosed(String escaped, String slug)
            throws IOException {
        String request = escaped.strip().replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\\\", "\\");
        double before = refusals(slug);

        String answer = converse(request + SMUGGLED);

        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertProblem(answer, slug);
        assertEquals(1, Pattern.compile("(?m)^HTTP/1\\.1 \\d{3} ").matcher(answer).results().count(),
                "the request behind it is never answered: " + answer);
        assertEquals(before + 1, refusals(slug), "counted in /metrics");
        String requestId = header(answer, "X-Request-Id");
        if (!slug.equals("malformed-http")) {
            assertEquals(1, count(LOG.text(), "requestId=" + requestId + " refused"),
                    "logged once with its request id");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Content-Type: \r\n", "Content-Type: */*\r\n", "Content-Type: application/*\r\n",
        "Content-Type: text/plain\r\n", "Content-Type: application/json; charset=utf-7\r\n",
        "Content-Type: application/json;foo=bar\r\n", "Content-Type: application/json, text/plain\r\n",
        "Content-Type: application/xml\r\n"})
    void publishingRoutesAcceptOnlyJsonInUtf8(String contentType) throws IOException {
        for (String route : new String[] {"/monitor", "/monitor/validate"}) {
            String answer = converse("POST " + route + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + contentType
                    + "Content-Length: 2\r\n\r\n{}");

            assertTrue(answer.startsWith("HTTP/1.1 415 "), answer);
            assertTrue(answer.contains("\"type\":\"urn:tma-monitor:problem:unsupported-media-type\""), answer);
            assertTrue(answer.contains("send Content-Type: application/json"), "says what to send: " + answer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON;CHARSET=\"UTF-8\""})
    void jsonWithAtMostAUtf8CharsetIsAccepted(String contentType) throws IOException {
        byte[] message = TestHttp.SEED_MESSAGE.getBytes(StandardCharsets.UTF_8);
        String answer = converse("POST /monitor/validate HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + message.length + "\r\n\r\n" + TestHttp.SEED_MESSAGE);

        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
    }

    @Test
    void aBatchFullOfMistakesListsTheFirst100ViolationsAndOneOfTooManyItemsIs413() throws IOException {
        String broken = "[" + String.join(",", Collections.nCopies(9_000, "{}")) + "]";
        String answer = converse(post("/monitor/validate", broken));

        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer.substring(0, 200));
        assertEquals(100, count(answer, "\"pointer\""), "the first 100 violations, not 45,000");
        assertTrue(answer.contains("more than 100 schema violations"), answer.substring(0, 600));

        String tooMany = "[" + String.join(",", Collections.nCopies(10_001, "{}")) + "]";
        String refused = converse(post("/monitor/validate", tooMany));

        assertTrue(refused.startsWith("HTTP/1.1 413 "), refused);
        assertProblem(refused, "too-many-messages");
    }

    /**
     * Refusals at the earliest stages of parsing are problems with their media type like every other: a
     * request line far beyond the header limit (the codec cannot read its protocol), and a last header line
     * without a colon, answered at once instead of at the header deadline.
     */
    @Test
    void refusalsAtEveryStageOfParsingAreProblemsAnsweredAtOnce() throws IOException {
        for (String request : List.of("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /health/live HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n")) {
            long start = System.nanoTime();
            String answer = converse(request);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertProblem(answer, "malformed-http");
            assertTrue(seconds < 5, "answered at once, not at the header deadline: " + seconds + " s");
        }
    }

    /** A TLS client on the plain port is told at once, in plain HTTP, instead of waiting for its handshake timeout. */
    @Test
    void aTlsHandshakeOnThePlainPortIsAnswered400AtOnce() throws IOException {
        String answer = converse("\u0016\u0003\u0001\u0000\u0005hello");

        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\"type\":\"urn:tma-monitor:problem:http-required\""), answer);
        try (SSLSocket tls = (SSLSocket) SSLSocketFactory.getDefault().createSocket("127.0.0.1", MONITOR.port())) {
            tls.setSoTimeout(10_000);
            long start = System.nanoTime();
            SSLException refused = assertThrows(SSLException.class, tls::startHandshake);
            assertTrue((System.nanoTime() - start) / 1e9 < 5, "at once, not at a timeout");
            String why = refused.getMessage().toLowerCase(java.util.Locale.ROOT);
            assertTrue(why.contains("unrecognized ssl message") || why.contains("plaintext"), refused.toString());
        }
    }

    @Test
    void controlCharactersFromARequestAreEscapedInTheLog() throws IOException {
        String answer = converse("GET /monitor%0d%0aFORGED\u001b[31m HTTP/1.1\r\nHost: a\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        String log = LOG.text();
        String requestId = header(answer, "X-Request-Id");
        String line = log.lines().filter(l -> l.contains("requestId=" + requestId)).findFirst().orElseThrow();
        assertTrue(line.contains("\\x1b[31m"), line);
        assertFalse(log.contains("\u001b"), "no raw escape sequence in the log");
        assertFalse(log.contains("\tat "), "no stack trace for a client's mistake");
    }

    private static String post(String route, String json) {
        return "POST " + route + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    private static void assertProblem(String answer, String slug) {
        assertTrue(answer.contains("Content-Type: application/problem+json"), answer);
        assertTrue(answer.contains("\"type\":\"urn:tma-monitor:problem:" + slug + "\""), answer);
        assertTrue(answer.contains("\"requestId\":\""), answer);
        assertFalse(answer.contains("Exception") || answer.contains("\tat ") || answer.contains("<html"), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
    }

    /** Sends the bytes and reads until the server closes the connection (it must, within 10 s). */
    private static String converse(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", MONITOR.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the connection open: " + answer, e);
            } catch (java.net.SocketException reset) {
                // closed with unread request bytes: what was answered before is in the buffer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static double refusals(String slug) throws IOException {
        String metrics = converse("GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        Matcher m = Pattern.compile("tma_monitor_requests_rejected_total\\{reason=\"" + Pattern.quote(slug)
                + "\"} (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String header(String answer, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ": (\\S+)").matcher(answer);
        assertTrue(m.find(), name + " in " + answer);
        return m.group(1);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
