package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow clients, many idle connections and floods beyond capacity against a real server and
 * Kafka: slow requests are cut off at the configured deadlines, idle connections cost nothing
 * that a normal client notices, overload is answered 503 + Retry-After (never 500) and the
 * server serves normally afterwards. Memory under abuse is measured in a separate JVM by
 * {@link MemoryUnderAbuseTest}.
 */
class ResourceAbuseTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final Duration HEADER_TIMEOUT = Duration.ofMillis(1500);
    static final Duration BODY_TIMEOUT = Duration.ofMillis(2500);
    static final int WORKERS = 8;
    static final int LIMIT = 64 * 1024;
    @RegisterExtension
    static final TopicServer MONITOR = TopicServer.extension(KAFKA, 3, ServerConfig.builder().maxBodyBytes(LIMIT)
            .maxInFlightBytes(LIMIT).requestHeaderTimeout(HEADER_TIMEOUT).requestBodyTimeout(BODY_TIMEOUT)
            .workerThreads(WORKERS));

    @Test
    void slowHeadersAreCutOffAtTheHeaderTimeout() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            socket.getOutputStream().write("POST /monitor HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            Ending end = trickleUntilEnded(socket, "X-Slow: a\r\n", start);
            assertEquals(null, end.response(), "headers that never end get no answer, the connection is closed");
            assertCutOffAt(HEADER_TIMEOUT, end.nanos());
        }
    }

    @Test
    void slowBodyIsAnswered408AtTheBodyTimeoutAndClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /monitor HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            Ending end = trickleUntilEnded(socket, " ", start);
            assertNotNull(end.response(), "a slow body is answered");
            assertEquals(408, end.response().status(), end.response().bodyText());
            assertEquals("application/problem+json", end.response().header("content-type"));
            assertEquals(-1, readUntilClosed(socket, Duration.ofSeconds(5)), "and its connection closed");
            assertCutOffAt(BODY_TIMEOUT, end.nanos());
        }
    }

    @Test
    void thousandsOfIdleConnectionsDoNotStopANormalClient() throws Exception {
        int count = 2000;
        List<Socket> idle = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                idle.add(connect());
            }
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = MONITOR.http().postJson(TestHttp.message(2, 200 + i, i));
                assertEquals(200, response.statusCode(), response.body());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 10, "20 requests took " + seconds + " s beside " + count + " idle connections");
            System.out.printf("ResourceAbuseTest: 20 requests beside %d idle connections in %.2f s%n", count, seconds);
            assertEquals(200, MONITOR.http().get("health/live").statusCode());
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void aFloodBeyondTheInFlightBudgetIsAnswered503WithRetryAfterAndTheServerRecovers() throws Exception {
        // each request is a batch of ~40 KiB; the budget (64 KiB) holds one at a time
        StringBuilder batch = new StringBuilder("[");
        int messages = 0;
        while (batch.length() < 40 * 1024) {
            batch.append(messages == 0 ? "" : ",").append(TestHttp.message(3, 300 + messages % 50, messages));
            messages++;
        }
        String body = batch.append(']').toString();
        int perBatch = messages;
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService flood = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(flood.submit(() -> {
                    TestHttp client = new TestHttp(MONITOR.baseUri());
                    for (int i = 0; i < 10; i++) {
                        HttpResponse<String> response = client.postJson(body);
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.statusCode() == 503) {
                            if (!response.headers().firstValue("Retry-After").isPresent()
                                    || !response.headers().firstValue("Content-Type").orElse("")
                                    .equals("application/problem+json")) {
                                unexpected.add("503 without Retry-After or problem: " + response.headers().map());
                            } else if (!response.body().contains("\"stored\":\"none\"")) {
                                unexpected.add("a 503 of the budget that does not say nothing was stored: " + response.body());
                            }
                        } else if (response.statusCode() != 200) {
                            unexpected.add(response.statusCode() + " " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(2, TimeUnit.MINUTES);
            }
        } finally {
            flood.shutdownNow();
        }
        System.out.println("ResourceAbuseTest: flood statuses " + statuses);
        assertEquals(List.of(), unexpected);
        int accepted = statuses.getOrDefault(200, new AtomicInteger()).get();
        assertTrue(statuses.getOrDefault(503, new AtomicInteger()).get() > 0, "the flood exceeded the budget: " + statuses);
        assertTrue(accepted > 0, "some requests were served: " + statuses);

        for (int i = 0; i < 5; i++) {
            assertEquals(200, MONITOR.http().postJson(body).statusCode(), "recovered after the flood");
        }
        int stored = KAFKA.read(MONITOR.topic(), Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).startsWith("{\"probeId\":3,"))
                .mapToInt(r -> 1).sum();
        assertEquals((accepted + 5) * perBatch, stored, "exactly the accepted messages are in Kafka");
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        byte[] request = new RawHttp.Builder("POST", "/monitor").header("Content-Type", "application/json")
                .header("X-Big", "a".repeat(ServerOptions.MAX_HEADER_BYTES.defaultValue() + 100))
                .body(TestHttp.message(4, 4, 4).getBytes(StandardCharsets.UTF_8)).build();
        RawHttp.Response response = RawHttp.exchange(MONITOR.port(), request, Duration.ofSeconds(10), false);
        if (response != null) {
            assertTrue(response.status() >= 400 && response.status() < 500, "status " + response.status());
        }
        assertEquals(200, MONITOR.http().get("health/live").statusCode());
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", MONITOR.port()), 5000);
        return socket;
    }

    /** How a trickled request ended: after how long, with which answer (null: closed without one). */
    private record Ending(long nanos, RawHttp.Response response) {
    }

    /** Writes {@code piece} every 100 ms until the server answers or closes the connection. */
    private static Ending trickleUntilEnded(Socket socket, String piece, long start) throws IOException {
        socket.setSoTimeout(100);
        PushbackInputStream in = new PushbackInputStream(socket.getInputStream(), 1);
        OutputStream out = socket.getOutputStream();
        long deadline = start + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                out.write(piece.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException closed) {
                return new Ending(System.nanoTime() - start, null);
            }
            try {
                int first = in.read();
                long at = System.nanoTime() - start;
                if (first < 0) {
                    return new Ending(at, null);
                }
                in.unread(first);
                socket.setSoTimeout(5000);
                return new Ending(at, RawHttp.read(in, false));
            } catch (SocketTimeoutException stillOpen) {
                // keep trickling
            } catch (SocketException reset) {
                return new Ending(System.nanoTime() - start, null);
            }
        }
        throw new AssertionError("still connected after 20 s of trickling");
    }

    private static int readUntilClosed(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            InputStream in = socket.getInputStream();
            int b;
            do {
                b = in.read();
            } while (b >= 0);
            return b;
        } catch (SocketException reset) {
            return -1;
        } catch (SocketTimeoutException open) {
            return 0;
        }
    }

    private static void assertCutOffAt(Duration timeout, long closedAfterNanos) {
        double seconds = closedAfterNanos / 1e9;
        double limit = timeout.toMillis() / 1000.0;
        System.out.printf("ResourceAbuseTest: cut off after %.2f s (timeout %.2f s)%n", seconds, limit);
        assertTrue(seconds >= limit - 0.2, "closed before the deadline: " + seconds);
        assertTrue(seconds < limit + 2, "closed too late: " + seconds);
    }
}
