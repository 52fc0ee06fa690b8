package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server's life against real Kafka: a start that fails half-way leaves no thread or client
 * behind; liveness turns DOWN when the Kafka producer's thread dies (a server that cannot publish
 * must not say it is alive); requests arriving while it shuts down get problem+json 503 with
 * Retry-After, and the shutdown ends within its timeout.
 */
class LifecycleTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Set<String> SERVER_THREADS = Set.of("kafka-producer-network-thread", "kafka-readiness",
            "response-writer", "request-deadlines", "kafka-admin-client-thread");

    @Test
    void aStartThatFailsAfterKafkaClientsStartedClosesThemAll() throws Exception {
        Set<Thread> before = serverThreads();
        ServerConfig unbindable = ServerConfig.builder().port(0).kafkaBootstrapServers(KAFKA.bootstrapServers())
                .bindAddress("no-such-host.invalid").anonymousOnPublicInterface(true).build();

        RuntimeException failure = assertThrows(RuntimeException.class, () -> MonitorServer.start(unbindable));

        assertTrue(!(failure instanceof java.io.UncheckedIOException) || failure.getCause() != null, failure.toString());
        for (Thread thread : serverThreads()) {
            if (!before.contains(thread)) {
                thread.join(10_000);
                assertTrue(!thread.isAlive(), "still running after the failed start: " + thread.getName());
            }
        }
    }

    @Test
    @SuppressWarnings("removal")
    void livenessIsDownOnceTheKafkaProducerThreadDied() throws Exception {
        Set<Thread> before = serverThreads();
        try (MonitorServer server = start()) {
            TestHttp http = new TestHttp(server.baseUri());
            assertEquals(200, http.get("health/live").statusCode());
            Thread sender = serverThreads().stream().filter(t -> !before.contains(t))
                    .filter(t -> t.getName().startsWith("kafka-producer-network-thread")).findFirst().orElseThrow();

            sender.stop();
            sender.join(10_000);

            var live = http.get("health/live");
            assertEquals(503, live.statusCode(), live.body());
            assertTrue(live.body().contains("kafka-producer stopped"), live.body());
            assertEquals(503, http.get("health/ready").statusCode());
        }
    }

    @Test
    void requestsDuringShutdownGetProblem503WithRetryAfterAndTheShutdownEndsInTime() throws Exception {
        MonitorServer server = start();
        try (Socket inFlight = connect(server); Socket keptAlive = connect(server)) {
            // a request whose body is still coming holds the graceful shutdown open
            inFlight.getOutputStream().write(("POST /monitor HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            exchange(keptAlive, "GET /health/live HTTP/1.1\r\nHost: a\r\n\r\n");
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            RawHttp.Response during = exchange(keptAlive, "GET /health/live HTTP/1.1\r\nHost: a\r\n\r\n");
            while (during != null && during.status() == 200) {
                // the server has not begun to stop yet: the same connection asks again
                during = exchange(keptAlive, "GET /health/live HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            assertTrue(during != null, "the kept-alive connection is answered, not dropped, during the shutdown");
            assertEquals(503, during.status(), during.bodyText());
            assertEquals("application/problem+json", during.header("Content-Type"));
            assertTrue(during.header("Retry-After") != null, during.headers().toString());
            assertTrue(during.bodyText().contains("urn:tma-monitor:problem:shutting-down"), during.bodyText());
            assertTrue(during.bodyText().contains("\"stored\":\"none\""), during.bodyText());
            closing.get(MonitorServer.SHUTDOWN_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(MonitorServer.SHUTDOWN_TIMEOUT.plusSeconds(6)) < 0);
        } finally {
            server.close();
        }
    }

    private static MonitorServer start() {
        String topic = KAFKA.createUniqueTopic("topic-monitor-life", 1);
        return MonitorServer.start(ServerConfig.builder().port(0).kafkaBootstrapServers(KAFKA.bootstrapServers())
                .topic(topic).requestBodyTimeout(Duration.ofSeconds(20)).build());
    }

    private static Set<Thread> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> SERVER_THREADS.stream().anyMatch(name -> t.getName().startsWith(name)))
                .collect(Collectors.toSet());
    }

    private static Socket connect(MonitorServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends one request on the connection and reads its answer; null if the connection is gone. */
    private static RawHttp.Response exchange(Socket socket, String request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            return RawHttp.read(socket.getInputStream(), false);
        } catch (IOException gone) {
            return null;
        }
    }
}
