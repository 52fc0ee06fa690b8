package eu.atmosphere.tmaf.monitor.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator against a tiny HTTP/1.1 server in this test: every 200 and every other status is
 * counted, chunked and Content-Length bodies are read, and requests in flight when the phase ends
 * are awaited (answered late, still counted). Takes about two seconds; no Kafka, no monitor server.
 */
class LoadGeneratorTest {

    private ServerSocket listener;
    private final AtomicInteger answered = new AtomicInteger();
    private volatile long delayMillis;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    Thread t = new Thread(() -> serve(socket));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    /** Answers 200 (Content-Length) to bodies with "ok", 503 (chunked) otherwise, after the configured delay. */
    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                int length = 0;
                for (String h = in.readLine(); !h.isEmpty(); h = in.readLine()) {
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                for (int read = 0; read < length; ) {
                    read += in.read(body, read, length - read);
                }
                Thread.sleep(delayMillis);
                String response = new String(body).contains("ok")
                        ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\n0"
                        : "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\n{\"a\":\r\n3\r\n1}\n\r\n0\r\n\r\n";
                answered.incrementAndGet();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // connection closed
        }
    }

    private Target target() throws Exception {
        return Target.of("http://127.0.0.1:" + listener.getLocalPort() + "/monitor", null);
    }

    @Test
    void closedLoopCountsEveryAnswerAndAwaitsTheLastOnes() throws Exception {
        delayMillis = 20;
        Target target = target();
        LoadGenerator.Load load = new LoadGenerator.Load("t", new byte[][] {RawHttp.postJson(target,
                "[{\"ok\":1},{\"ok\":2}]".getBytes(StandardCharsets.UTF_8), null)}, 2, 4, 0, Duration.ofMillis(500));
        LoadGenerator.Result r = LoadGenerator.run(target, load);
        assertTrue(r.ok() > 20, "requests answered: " + r.ok());
        assertEquals(answered.get(), r.ok(), "every answered request was counted, including those in flight at the end");
        assertEquals(r.sent(), r.ok());
        assertEquals(2 * r.ok(), r.messagesOk());
        assertEquals(0, r.unknown());
        assertEquals(r.ok(), r.latencyMicros().getTotalCount());
        assertTrue(r.latencyMillis(50) >= 20, "latency includes the server's delay");
    }

    @Test
    void openLoopOffersTheRateAndCountsOtherStatuses() throws Exception {
        delayMillis = 0;
        Target target = target();
        LoadGenerator.Load load = new LoadGenerator.Load("t", new byte[][] {RawHttp.postJson(target,
                "{\"no\":1}".getBytes(StandardCharsets.UTF_8), "Basic eDp5")}, 1, 4, 200, Duration.ofSeconds(1));
        LoadGenerator.Result r = LoadGenerator.run(target, load);
        assertEquals(200, r.sent(), "exactly rate × duration requests are sent");
        assertEquals(0, r.ok());
        assertEquals(200L, r.statuses().get(503), "chunked 503 bodies are read completely");
        assertEquals(0, r.unsent());
        assertEquals(0, r.unknown());
    }
}
