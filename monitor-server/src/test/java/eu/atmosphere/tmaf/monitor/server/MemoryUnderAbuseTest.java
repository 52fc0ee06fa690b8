package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's memory under every kind of abuse at once, measured honestly: the server runs in
 * a JVM of its own with a fixed heap ({@value #HEAP_MB} MiB), started as operators start it
 * ({@code Main serve}) with a credentials file, and its resident set is read from
 * {@code /proc/PID/status} (VmRSS sampled, VmHWM = the kernel's peak). Abuse, all of it anonymous: a
 * thousand idle connections and the attacks of issue 12 at once on the routes open without credentials
 * (340,000-item batches of violations on {@code /monitor/validate}, 30 connections pipelining 1,000
 * {@code GET /} without reading, malformed request-targets and Hosts, 100 slow bodies on
 * {@code /monitor/validate}, wrong secrets on {@code /monitor/auth}, {@code GET /schema}) while a probe
 * publishes with HTTP Basic (its p99 must stay under 10 s; it was 31.7 s); then, on top, anonymous slow
 * bodies, large batches and gzip bombs on {@code /monitor} (refused: 401) and large bodies on
 * {@code /monitor/validate}, with an authenticated client flooding large valid batches beyond the
 * in-flight budget (2 MiB). The peak must stay within heap + {@value #MARGIN_MB} MiB (metaspace, code,
 * thread stacks, NIO buffers), no anonymous publish may be accepted, no answer may be a 5xx other than
 * 503 + Retry-After, the server must serve normally afterwards, and SIGTERM must end it within its drain
 * timeout.
 *
 * <p>CI runs 2 x {@value #DEFAULT_SECONDS} s of abuse; longer:
 * {@code mvn -o -pl monitor-server test -Dtest=MemoryUnderAbuseTest -Dtma.abuse.seconds=120}.
 */
class MemoryUnderAbuseTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final int HEAP_MB = 256;
    static final int MARGIN_MB = 256;
    static final int DEFAULT_SECONDS = 6;
    static final int BODY_LIMIT = 1024 * 1024;
    static final long PROBE = 6;
    static final String AUTHORIZATION = SecretFiles.basic(PROBE, "Abuse-secret-6");

    @Test
    void residentMemoryStaysWithinHeapPlusMarginUnderAbuseAndTheServerServesAfterwards(@TempDir Path directory)
            throws Exception {
        int seconds = Integer.getInteger("tma.abuse.seconds", DEFAULT_SECONDS);
        String topic = KAFKA.createUniqueTopic("topic-monitor-memory", 3);
        Path credentials = SecretFiles.credentials(directory, Map.of(PROBE, "Abuse-secret-6"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("memory-under-abuse-server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + HEAP_MB + "m", "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), "eu.atmosphere.tmaf.monitor.server.cli.Main", "serve",
                "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--kafka-bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topic,
                "--credentials-file", credentials.toString(),
                "--max-body-bytes", Integer.toString(BODY_LIMIT), "--max-inflight-bytes", Integer.toString(2 * BODY_LIMIT),
                "--request-header-timeout-seconds", "2", "--request-body-timeout-seconds", "3")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> anonymousPublishes = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong peakSampled = new AtomicLong();
        List<Socket> idle = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            awaitReady(port, server);
            List<Long> probeBefore = probe(port, System.nanoTime() + TimeUnit.SECONDS.toNanos(3), unexpected);
            long baseline = rssKb(server.pid(), "VmRSS");
            Future<?> sampler = pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakSampled.accumulateAndGet(rssKb(server.pid(), "VmRSS"), Math::max);
                    Thread.sleep(100);
                }
                return null;
            });
            for (int i = 0; i < 1000; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                idle.add(socket);
            }
            // phase 1: the attacks of issue 12 (open routes and HTTP framing) while a probe publishes;
            // phase 2: the publishing route abused too (large batches, gzip bombs, slow bodies), for memory
            long probeEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long end = probeEnd + TimeUnit.SECONDS.toNanos(seconds);
            byte[] batch = largeBatch(BODY_LIMIT - 4096);
            byte[] bomb = TestHttp.gzip(new byte[64 * BODY_LIMIT]);
            byte[] bigInvalid = new byte[BODY_LIMIT - 16];
            Arrays.fill(bigInvalid, (byte) '[');
            List<Future<?>> load = new ArrayList<>();
            // the attacks of issue 12, all at once: violations without bound, pipelining without reading,
            // malformed request-targets and Host headers, slow bodies on the open routes; beside them wrong
            // secrets on /monitor/auth (a slow hash each) and /schema
            byte[] violations = ("[" + String.join(",", java.util.Collections.nCopies(340_000, "{}")) + "]")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int t = 0; t < 2; t++) {
                load.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        record(RawHttp.exchange(port, new RawHttp.Builder("POST", "/monitor/validate")
                                .header("Content-Type", "application/json").body(violations).build(),
                                Duration.ofSeconds(30), false), statuses, unexpected);
                    }
                    return null;
                }));
            }
            load.add(pool.submit(() -> pipelineWithoutReading(port, 30, 1000, end)));
            load.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    for (String bad : List.of("GET /monitor\\ HTTP/1.1\r\nHost: a\r\n\r\n",
                            "GET /health/live HTTP/1.1\r\nHost:\r\n\r\n", "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n")) {
                        record(RawHttp.exchange(port, bad.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(30),
                                false), statuses, unexpected);
                    }
                }
                return null;
            }));
            load.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    slowBodies(port, "/monitor/validate", 100, Duration.ofSeconds(4));
                }
                return null;
            }));
            load.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    record(RawHttp.exchange(port, new RawHttp.Builder("POST", "/monitor/auth")
                            .header("Authorization", SecretFiles.basic(4242, "wrong-" + UUID.randomUUID())).build(),
                            Duration.ofSeconds(30), false), statuses, unexpected);
                    record(RawHttp.exchange(port, new RawHttp.Builder("GET", "/schema").contentLength(false).build(),
                            Duration.ofSeconds(30), false), statuses, unexpected);
                }
                return null;
            }));
            List<Long> during = pool.submit(() -> probe(port, probeEnd, unexpected)).get(seconds + 60L, TimeUnit.SECONDS);
            for (int t = 0; t < 8; t++) {
                int kind = t;
                load.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        RawHttp.Builder request = switch (kind % 4) {
                            case 0 -> new RawHttp.Builder("POST", "/monitor").header("Authorization", AUTHORIZATION)
                                    .body(batch);
                            case 1 -> new RawHttp.Builder("POST", "/monitor").body(batch);
                            case 2 -> new RawHttp.Builder("POST", "/monitor").header("Content-Encoding", "gzip").body(bomb);
                            default -> new RawHttp.Builder("POST", "/monitor/validate").body(bigInvalid);
                        };
                        try {
                            RawHttp.Response answer = RawHttp.exchange(port, request.header("Content-Type",
                                    "application/json").build(), Duration.ofSeconds(30), false);
                            record(answer, statuses, unexpected);
                            if (answer != null && (kind % 4 == 1 || kind % 4 == 2)) {
                                anonymousPublishes.computeIfAbsent(answer.status(), s -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        } catch (java.net.SocketTimeoutException e) {
                            unexpected.add("no answer within 30 s");
                        } catch (IOException e) {
                            statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();   // reset
                        }
                    }
                    return null;
                }));
            }
            load.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    slowBodies(port, "/monitor", 40, Duration.ofSeconds(4));
                }
                return null;
            }));
            for (Future<?> f : load) {
                f.get(2L * seconds + 60L, TimeUnit.SECONDS);
            }
            sampler.cancel(true);
            long peak = rssKb(server.pid(), "VmHWM");
            long after = rssKb(server.pid(), "VmRSS");
            System.out.printf("MemoryUnderAbuseTest: -Xmx%dm, 2 x %d s of abuse: RSS baseline %d MiB, peak %d MiB (VmHWM; "
                            + "sampled max %d MiB), after %d MiB; answers %s, of them to anonymous POST /monitor %s%n",
                    HEAP_MB, seconds, baseline / 1024, peak / 1024, peakSampled.get() / 1024, after / 1024, statuses,
                    anonymousPublishes);
            System.out.printf("MemoryUnderAbuseTest: publishing probe (POST /monitor with HTTP Basic, one message) "
                    + "before the abuse: "
                    + "%d requests, p50 %d ms, p99 %d ms; during the issue-12 attacks: %d requests, p50 %d ms, "
                    + "p99 %d ms%n",
                    probeBefore.size(), percentile(probeBefore, 50), percentile(probeBefore, 99), during.size(),
                    percentile(during, 50), percentile(during, 99));
            assertEquals(List.of(), unexpected, "only 200, 4xx and 503 + Retry-After");
            assertTrue(peak / 1024 <= HEAP_MB + MARGIN_MB, "peak RSS " + peak / 1024 + " MiB > heap " + HEAP_MB
                    + " + " + MARGIN_MB + " MiB");
            assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 0, "some batches were stored: " + statuses);
            assertTrue(anonymousPublishes.getOrDefault(401, new AtomicInteger()).get() > 0
                    && anonymousPublishes.keySet().stream().allMatch(status -> status >= 400),
                    "anonymous publishes are refused: " + anonymousPublishes);
            assertTrue(during.size() >= 3 && percentile(during, 99) < 10_000, "publishing is not starved by the open "
                    + "routes: " + during.size() + " probe requests, p99 " + percentile(during, 99) + " ms");
            TestHttp http = new TestHttp(URI.create("http://127.0.0.1:" + port + "/"));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, http.post("monitor", "application/json", TestHttp.message(PROBE, 500 + i, i)
                        .getBytes(StandardCharsets.UTF_8), "Authorization", AUTHORIZATION).statusCode(),
                        "serves after the abuse");
            }
        } finally {
            pool.shutdownNow();
            for (Socket socket : idle) {
                socket.close();
            }
            long sigterm = System.nanoTime();
            server.destroy();
            boolean ended = server.waitFor(MonitorServer.SHUTDOWN_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
            if (!ended) {
                server.destroyForcibly();
            }
            System.out.printf("MemoryUnderAbuseTest: SIGTERM ended the server in %d ms%n",
                    (System.nanoTime() - sigterm) / 1_000_000);
            assertTrue(ended, "SIGTERM ends the process within its drain timeout");
        }
    }

    private static void record(RawHttp.Response response, Map<Integer, AtomicInteger> statuses, List<String> unexpected) {
        int status = response == null ? 0 : response.status();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status >= 500 && (status != 503 || response.header("retry-after") == null)) {
            unexpected.add(status + " " + response.bodyText());
        }
    }

    /**
     * Publishes one message after another until {@code end}, as a probe does: with its HTTP Basic credentials.
     *
     * @return the latency of each request in milliseconds; anything but 200 goes to {@code unexpected}
     */
    private static List<Long> probe(int port, long end, List<String> unexpected) throws IOException {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; System.nanoTime() < end || millis.isEmpty(); i++) {
            long start = System.nanoTime();
            RawHttp.Response answer = RawHttp.exchange(port, new RawHttp.Builder("POST", "/monitor")
                    .header("Content-Type", "application/json").header("Authorization", AUTHORIZATION)
                    .body(TestHttp.message(PROBE, 600, i).getBytes(StandardCharsets.UTF_8)).build(),
                    Duration.ofSeconds(30), false);
            millis.add((System.nanoTime() - start) / 1_000_000);
            if (answer == null || answer.status() != 200) {
                unexpected.add("probe: " + (answer == null ? "no answer" : answer.status() + " " + answer.bodyText()));
            }
        }
        return millis;
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    /** {@code connections} clients each pipeline {@code requests} page requests and never read an answer. */
    private static Void pipelineWithoutReading(int port, int connections, int requests, long end) throws Exception {
        byte[] pipeline = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(requests).getBytes(StandardCharsets.US_ASCII);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(1000);
                sockets.add(socket);
                try {
                    socket.getOutputStream().write(pipeline);
                } catch (IOException closed) {
                    // the server may close a connection that does not read its answers
                }
            }
            while (System.nanoTime() < end) {
                Thread.sleep(200);
            }
            return null;
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Opens {@code count} requests whose bodies trickle, for {@code duration}; the server cuts them off. */
    private static void slowBodies(int port, String route, int count, Duration duration) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.getOutputStream().write(("POST " + route + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                for (Socket socket : sockets) {
                    try {
                        socket.getOutputStream().write(' ');
                    } catch (IOException cutOff) {
                        // expected once the body deadline passed
                    }
                }
                Thread.sleep(200);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static byte[] largeBatch(int size) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; batch.length() < size - 400; i++) {
            batch.append(i == 0 ? "" : ",").append(TestHttp.message(PROBE, 5000 + i % 100, i));
        }
        return batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitReady(int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server JVM exited with " + server.exitValue());
            }
            try {
                RawHttp.Response ready = RawHttp.exchange(port, new RawHttp.Builder("GET", "/health/ready")
                        .contentLength(false).build(), Duration.ofSeconds(5), false);
                if (ready != null && ready.status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server JVM did not become ready");
    }

    /** @return a field of /proc/PID/status in KiB (VmRSS: now, VmHWM: peak) */
    private static long rssKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }
}
