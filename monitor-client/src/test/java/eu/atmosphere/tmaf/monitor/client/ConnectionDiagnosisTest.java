package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of pointing a probe at the wrong place ends, within a few seconds, in one line that says what is
 * wrong and which setting to fix: real sockets, the real monitor, a real Kafka broker. The TLS cases (an
 * untrusted certificate, {@code http://} to the TLS port, a wrong secret) are in {@link SecureMonitorTest}.
 */
class ConnectionDiagnosisTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);
    private static RealMonitor monitor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startMonitor() {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 1);
        monitor = RealMonitor.start(KAFKA.bootstrapServers(), topic);
    }

    @AfterAll
    static void stopMonitor() {
        monitor.close();
    }

    static ClientConfig.Builder oneAttempt(String url) {
        return ClientConfig.builder(Map.of()).endpoint(url).connectTimeout(DiagnosingProbe.timeout())
                .requestTimeout(DiagnosingProbe.timeout())
                .retryPolicy(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(10), 1, 0, 1));
    }

    /** @return the client's last error after one failed send, checked to have come within a few seconds */
    private static String diagnose(String url) {
        SynchronousClient client = new SynchronousClient(oneAttempt(url).build());
        long start = System.nanoTime();
        assertEquals(-1, client.send(DiagnosingProbe.message(client)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(FEW_SECONDS) < 0, "took " + took);
        return client.stats().lastError();
    }

    @Test
    void nothingListening() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String error = diagnose("http://127.0.0.1:" + port);
        assertEquals("connection refused: nothing listens at 127.0.0.1:" + port + "; start the monitor or correct the"
                + " port in TMA_MONITOR_URL (http://127.0.0.1:" + port + ")", error);
    }

    @Test
    void httpsToThePlainPort() {
        String error = diagnose("https://127.0.0.1:" + monitor.baseUri().getPort());
        // the plain port answers the ClientHello's bytes at once with a plain-HTTP 400
        assertTrue(error.startsWith("TLS: 127.0.0.1:" + monitor.baseUri().getPort() + " does not speak TLS"), error);
        assertTrue(error.contains("a plain-HTTP port?): use http:// in TMA_MONITOR_URL"), error);
    }

    @Test
    void httpToAKafkaBroker() {
        String kafka = KAFKA.bootstrapServers().split(",")[0];
        String error = diagnose("http://" + kafka);
        assertTrue(error.startsWith(kafka + " closed the connection without an HTTP answer"), error);
        assertTrue(error.contains("a Kafka broker or another service is not the monitor"), error);
    }

    @Test
    void httpsToAKafkaBroker() {
        String kafka = KAFKA.bootstrapServers().split(",")[0];
        String error = diagnose("https://" + kafka);
        assertTrue(error.startsWith("TLS: " + kafka + " closed the connection during the TLS handshake"), error);
    }

    /** Resolved by a hosts file of the child JVM alone: the test sends nothing to a DNS server. */
    @Test
    void unknownHost() throws Exception {
        Path hosts = Files.writeString(tmp.resolve("hosts"), "127.0.0.1 localhost\n");
        ChildJvm probe = ChildJvm.builder("diagnosing-probe", DiagnosingProbe.class.getName())
                .jvmArgs(List.of("-Djdk.net.hosts.file=" + hosts)).args(List.of("http://monitor.invalid:32025"))
                .log(tmp.resolve("probe.log")).keepLines().start();
        assertEquals(0, probe.waitFor(), Files.readString(tmp.resolve("probe.log")));
        assertEquals(List.of("-1", "unknown host monitor.invalid: correct the host name in TMA_MONITOR_URL"
                + " (http://monitor.invalid:32025)"), probe.lines());
    }
}
