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

/**
 * The server's memory under every kind of abuse at once, measured honestly: the server runs in
 * a JVM of its own with a fixed heap ({@value #HEAP_MB} MiB), started as operators start it
 * ({@code Main serve}), and its resident set is read from {@code /proc/PID/status} (VmRSS
 * sampled, VmHWM = the kernel's peak). Abuse: a thousand idle connections, slow bodies, a flood
 * of large valid batches beyond the in-flight budget (2 MiB), gzip bombs and large bodies on the open
 * {@code /monitor/validate}. The peak must stay within heap + {@value #MARGIN_MB} MiB (metaspace,
 * code, thread stacks, NIO buffers), no answer may be a 5xx other than 503 + Retry-After, and
 * the server must serve normally afterwards.
 *
 * <p>CI runs {@value #DEFAULT_SECONDS} s of abuse; longer:
 * {@code mvn -o -pl monitor-server test -Dtest=MemoryUnderAbuseTest -Dtma.abuse.seconds=120}.
 */
class MemoryUnderAbuseTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final int HEAP_MB = 256;
    static final int MARGIN_MB = 256;
    static final int DEFAULT_SECONDS = 6;
    static final int BODY_LIMIT = 1024 * 1024;

    @Test
    void residentMemoryStaysWithinHeapPlusMarginUnderAbuseAndTheServerServesAfterwards() throws Exception {
        int seconds = Integer.getInteger("tma.abuse.seconds", DEFAULT_SECONDS);
        String topic = "topic-monitor-memory-" + UUID.randomUUID();
        KAFKA.createTopic(topic, 3);
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
                "--max-body-bytes", Integer.toString(BODY_LIMIT), "--max-inflight-bytes", Integer.toString(2 * BODY_LIMIT),
                "--request-header-timeout-seconds", "2", "--request-body-timeout-seconds", "3")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong peakSampled = new AtomicLong();
        List<Socket> idle = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            awaitReady(port, server);
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
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            byte[] batch = largeBatch(BODY_LIMIT - 4096);
            byte[] bomb = TestHttp.gzip(new byte[64 * BODY_LIMIT]);
            byte[] bigInvalid = new byte[BODY_LIMIT - 16];
            Arrays.fill(bigInvalid, (byte) '[');
            List<Future<?>> load = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int kind = t;
                load.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        RawHttp.Builder request = switch (kind % 4) {
                            case 0, 1 -> new RawHttp.Builder("POST", "/monitor").body(batch);
                            case 2 -> new RawHttp.Builder("POST", "/monitor").header("Content-Encoding", "gzip").body(bomb);
                            default -> new RawHttp.Builder("POST", "/monitor/validate").body(bigInvalid);
                        };
                        try {
                            record(RawHttp.exchange(port, request.header("Content-Type", "application/json").build(),
                                    Duration.ofSeconds(30), false), statuses, unexpected);
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
                    slowBodies(port, 40, Duration.ofSeconds(4));
                }
                return null;
            }));
            for (Future<?> f : load) {
                f.get(seconds + 60L, TimeUnit.SECONDS);
            }
            sampler.cancel(true);
            long peak = rssKb(server.pid(), "VmHWM");
            long after = rssKb(server.pid(), "VmRSS");
            System.out.printf("MemoryUnderAbuseTest: -Xmx%dm, %d s of abuse: RSS baseline %d MiB, peak %d MiB (VmHWM; "
                            + "sampled max %d MiB), after %d MiB; answers %s%n", HEAP_MB, seconds, baseline / 1024,
                    peak / 1024, peakSampled.get() / 1024, after / 1024, statuses);
            assertEquals(List.of(), unexpected, "only 200, 4xx and 503 + Retry-After");
            assertTrue(peak / 1024 <= HEAP_MB + MARGIN_MB, "peak RSS " + peak / 1024 + " MiB > heap " + HEAP_MB
                    + " + " + MARGIN_MB + " MiB");
            assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 0, "some batches were stored: " + statuses);
            TestHttp http = new TestHttp(URI.create("http://127.0.0.1:" + port + "/"));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, http.postJson(TestHttp.message(5, 500 + i, i)).statusCode(), "serves after the abuse");
            }
        } finally {
            pool.shutdownNow();
            for (Socket socket : idle) {
                socket.close();
            }
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void record(RawHttp.Response response, Map<Integer, AtomicInteger> statuses, List<String> unexpected) {
        int status = response == null ? 0 : response.status();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status >= 500 && (status != 503 || response.header("retry-after") == null)) {
            unexpected.add(status + " " + response.bodyText());
        }
    }

    /** Opens {@code count} requests whose bodies trickle, for {@code duration}; the server cuts them off. */
    private static void slowBodies(int port, int count, Duration duration) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.getOutputStream().write(("POST /monitor HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
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
            batch.append(i == 0 ? "" : ",").append(TestHttp.message(5, 5000 + i % 100, i));
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
