package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes open without credentials ({@code POST /monitor/auth}: a slow hash per wrong secret;
 * {@code POST /monitor/validate}: a parse and validation per body) flooded by many more clients
 * than the server has worker threads ({@value #ATTACKERS} clients, {@value #WORKERS} workers), while an
 * authenticated probe keeps publishing: every flood request is answered (401 or 200, or 503/429 with
 * Retry-After), and the probe's messages keep being stored with a median latency under a second.
 * Wrong secrets use an unknown probe id, the most expensive refusal (a dummy hash at the default
 * 600,000 PBKDF2 iterations, so unknown and known ids cost the same).
 */
class OpenEndpointFloodTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final int WORKERS = 16;
    static final int ATTACKERS = 48;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;

    private static TopicServer server;
    private static String token;

    @BeforeAll
    static void start() throws IOException {
        Path credentials = SecretFiles.credentials(directory, Map.of(1098L, "Flood-secret-1098"));
        Path keyFile = SecretFiles.tokenKey(directory,
                "flood token key: 0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        server = TopicServer.start(KAFKA, 1, ServerConfig.builder().credentialsFile(credentials).tokenKeyFile(keyFile)
                .reloadInterval(Duration.ZERO).workerThreads(WORKERS));
        RawHttp.Response issued = RawHttp.exchange(server.port(), new RawHttp.Builder("POST", "/monitor/auth")
                .header("Authorization", SecretFiles.basic(1098, "Flood-secret-1098")).build(),
                Duration.ofSeconds(30), false);
        token = JSON.readTree(issued.body()).get("token").textValue();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFloodOfWrongSecretsOnTheTokenExchangeDoesNotStarveAuthenticatedPublishing() throws Exception {
        Map<Integer, AtomicInteger> flood = flood(() -> new RawHttp.Builder("POST", "/monitor/auth")
                .header("Authorization", SecretFiles.basic(4242, "wrong-" + UUID.randomUUID())).build());
        assertProbeServed(flood, 503);
    }

    @Test
    void aFloodOfLargeBodiesOnValidateDoesNotStarveAuthenticatedPublishing() throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; batch.length() < 512 * 1024; i++) {
            batch.append(i == 0 ? "" : ",").append(TestHttp.message(1, i, i));
        }
        byte[] body = batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
        Map<Integer, AtomicInteger> flood = flood(() -> new RawHttp.Builder("POST", "/monitor/validate")
                .header("Content-Type", "application/json").body(body).build());
        assertProbeServed(flood, 503);
    }

    private static long[] lastLatencies;

    /** Runs {@link #ATTACKERS} clients of {@code request} for 4 s while the probe publishes; @return the flood's answers. */
    private static Map<Integer, AtomicInteger> flood(Supplier<byte[]> request) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        List<Future<?>> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < ATTACKERS; i++) {
                attackers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        RawHttp.Response response = RawHttp.exchange(server.port(), request.get(), Duration.ofSeconds(30),
                                false);
                        int status = response == null ? 0 : response.status();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status == 429 || status == 503) {
                            assertTrue(response.header("retry-after") != null, "Retry-After with " + status);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1000);
            long[] latencies = new long[8];
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                RawHttp.Response published = RawHttp.exchange(server.port(), new RawHttp.Builder("POST", "/monitor")
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .body(TestHttp.message(1098, 7, i).getBytes(StandardCharsets.UTF_8)).build(),
                        Duration.ofSeconds(30), false);
                latencies[i] = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, published.status(), published.bodyText());
                Thread.sleep(200);
            }
            lastLatencies = latencies;
            for (Future<?> attacker : attackers) {
                attacker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    private static void assertProbeServed(Map<Integer, AtomicInteger> flood, int refusal) {
        long[] sorted = lastLatencies.clone();
        Arrays.sort(sorted);
        System.out.printf("OpenEndpointFloodTest: flood answers %s; probe latency ms median %d, max %d%n", flood,
                sorted[sorted.length / 2], sorted[sorted.length - 1]);
        assertTrue(flood.keySet().stream().allMatch(s -> s == 200 || s == 400 || s == 401 || s == refusal),
                "flood answers " + flood);
        assertTrue(sorted[sorted.length / 2] < 1000, "the probe waited for the flood: median "
                + sorted[sorted.length / 2] + " ms");
    }
}
