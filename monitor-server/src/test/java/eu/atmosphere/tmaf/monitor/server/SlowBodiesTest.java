package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 25's attack against a real server and Kafka: a hundred uploads that send one byte a second
 * (half declare 100,000 bytes, half are chunked), far more than the server's 8 workers. Bodies are received without a
 * worker, so while they trickle the health endpoints answer and a probe publishes as fast as
 * before; at the body deadline each slow upload gets its 408 and its connection is closed. The
 * latencies are printed (docs/reliability.md quotes them) and asserted loosely.
 */
class SlowBodiesTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int SLOW_UPLOADS = 100;
    private static final int WORKERS = 8;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(8);
    private static final double MAX_SECONDS = 1.0;

    @Test
    void aHundredSlowUploadsHoldNoWorkerWhileHealthAndPublishingAnswerAtOnce() throws Exception {
        try (TopicServer monitor = TopicServer.start(KAFKA, 3, ServerConfig.builder().workerThreads(WORKERS)
                .requestBodyTimeout(BODY_TIMEOUT))) {
            TestHttp http = monitor.http();
            Latencies before = measure("before", 24, http, new int[] {0});
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_UPLOADS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", monitor.port()), 5000);
                    socket.getOutputStream().write(("POST /monitor HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\n" + (i % 2 == 0 ? "Content-Length: 100000\r\n\r\n["
                            : "Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n")).getBytes(StandardCharsets.US_ASCII));
                    slow.add(socket);
                }
                long start = System.nanoTime();
                long[] trickled = {0};
                Latencies during = measure("during", 0, http, new int[] {100}, () -> {
                    long now = System.nanoTime();
                    if (now - trickled[0] >= 1_000_000_000L) {
                        trickle(slow);
                        trickled[0] = now;
                    }
                    return (int) ((now - start) / 1_000_000);
                });
                for (Latencies latencies : List.of(before, during)) {
                    assertTrue(latencies.worst() < MAX_SECONDS, latencies.toString());
                }
                for (Socket socket : slow) {
                    socket.setSoTimeout(10_000);
                    RawHttp.Response refused = RawHttp.read(socket.getInputStream(), false);
                    assertNotNull(refused, "a slow upload is answered");
                    assertEquals(408, refused.status(), refused.bodyText());
                    assertEquals(-1, socket.getInputStream().read(), "and its connection closed");
                }
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            assertEquals(200, http.postJson(TestHttp.message(1, 1, 999)).statusCode(), "served after the attack");
        }
    }

    /** Sends one more byte (a chunk of one byte on the chunked ones) on every slow upload still open. */
    private static void trickle(List<Socket> slow) {
        for (int i = 0; i < slow.size(); i++) {
            try {
                slow.get(i).getOutputStream().write((i % 2 == 0 ? " " : "1\r\n \r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                // answered 408 and closed by the server: read below
            }
        }
    }

    private static Latencies measure(String phase, int rounds, TestHttp http, int[] messageId) {
        return measure(phase, rounds, http, messageId, () -> Integer.MAX_VALUE);
    }

    /**
     * Every 250 ms (after {@code tick}, which returns the milliseconds elapsed in the phase): one GET of each
     * health endpoint and one publish, timed; {@code rounds} times, or until 1.5 s before the body deadline.
     */
    private static Latencies measure(String phase, int rounds, TestHttp http, int[] messageId, IntSupplier tick) {
        List<Double> health = new ArrayList<>();
        List<Double> publish = new ArrayList<>();
        for (int round = 0; ; round++) {
            int elapsed = tick.getAsInt();
            if (rounds > 0 ? round == rounds : elapsed > BODY_TIMEOUT.toMillis() - 1500) {
                break;
            }
            long start = System.nanoTime();
            assertEquals(200, http.get("health/live").statusCode());
            assertEquals(200, http.get("health/ready").statusCode());
            health.add((System.nanoTime() - start) / 2e9);
            long published = System.nanoTime();
            assertEquals(200, http.postJson(TestHttp.message(1, 1, ++messageId[0])).statusCode());
            publish.add((System.nanoTime() - published) / 1e9);
            sleep(250 - (System.nanoTime() - start) / 1_000_000);
        }
        Latencies latencies = new Latencies(phase, sorted(health), sorted(publish));
        System.out.println("SlowBodiesTest: " + latencies);
        return latencies;
    }

    private static double[] sorted(List<Double> values) {
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(array);
        return array;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Health and publish latencies of one phase, in seconds, sorted. */
    private record Latencies(String phase, double[] health, double[] publish) {
        double worst() {
            return Math.max(health[health.length - 1], publish[publish.length - 1]);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %d slow uploads: health p50 %.1f ms p99 %.1f ms, publish p50 %.1f ms "
                    + "p99 %.1f ms (%d rounds)", phase, phase.equals("before") ? 0 : SLOW_UPLOADS,
                    1000 * health[health.length / 2], 1000 * percentile99(health), 1000 * publish[publish.length / 2],
                    1000 * percentile99(publish), publish.length);
        }

        private static double percentile99(double[] sorted) {
            return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        }
    }
}
