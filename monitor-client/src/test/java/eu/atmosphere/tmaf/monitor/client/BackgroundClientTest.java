package eu.atmosphere.tmaf.monitor.client;

import static eu.atmosphere.tmaf.monitor.client.ProtocolTest.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.client.ScriptedMonitor.Reply;
import eu.atmosphere.tmaf.monitor.message.Message;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle, overflow and spool behaviour of {@link BackgroundClient} (scripted loopback server). */
class BackgroundClientTest {

    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 2, 0.2, 4);

    @TempDir
    Path tmp;
    @RegisterExtension
    final ScriptedMonitor monitor = ScriptedMonitor.http();

    private ClientConfig.Builder config(String endpoint) {
        return ClientConfig.builder(Map.of()).endpoint(endpoint).probeId(5).retryPolicy(FAST)
                .linger(Duration.ofMillis(5));
    }

    private static String unreachable() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** Issue 16: the transport's executor was never shut down. Now nothing the client starts outlives it. */
    @Test
    void stoppedClientsLeaveNoThreadBehind() throws Exception {
        BackgroundClient spooling = new BackgroundClient(config(monitor.base().toString())
                .spoolDirectory(tmp.resolve("spool")).build());
        assertTrue(spooling.start());
        assertTrue(spooling.send(message(spooling, 1)) >= 1);
        SynchronousClient synchronous = new SynchronousClient(config(monitor.base().toString()).build());
        assertEquals(200, synchronous.send(message(synchronous, 2)));
        assertFalse(clientThreads().isEmpty(), "the sender and the fsync thread run");
        assertTrue(spooling.stop());
        assertEquals(List.of(), clientThreads());
    }

    private static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("tma-monitor")).sorted().toList();
    }

    @Test
    void stopDeliversWhatIsQueuedAndReportsIt() throws Exception {
        BackgroundClient client = new BackgroundClient(config(monitor.base().toString()).build());
        assertTrue(client.start());
        assertFalse(client.start(), "runs once");
        for (int i = 0; i < 100; i++) {
            assertTrue(client.send(message(client, i)) >= 1);
        }
        assertTrue(client.stop());
        ClientStats stats = client.stats();
        assertEquals(100, stats.sent());
        assertEquals(0, stats.queued());
        assertEquals(100, monitor.requests().stream().mapToInt(r -> r.messages().size()).sum());
        assertEquals(-1, client.send(message(client, 1)), "stopped");
        assertEquals(1, client.stats().dropped());
        assertFalse(client.shutdown(), "already stopped");
    }

    @Test
    void withoutSpoolWhatCannotBeDeliveredInTimeIsCountedAsDropped() throws Exception {
        BackgroundClient client = new BackgroundClient(config(unreachable()).build());
        client.start();
        for (int i = 0; i < 10; i++) {
            client.send(message(client, i));
        }
        long start = System.nanoTime();
        assertFalse(client.stop(Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "bounded by the timeout");
        ClientStats stats = client.stats();
        assertEquals(10, stats.dropped());
        assertEquals(0, stats.sent());
        assertTrue(stats.retries() > 0);
        assertTrue(stats.lastError().startsWith("connection refused"), stats.lastError());
    }

    @Test
    void aFullQueueRefusesNewMessagesAndCountsThem() throws Exception {
        BackgroundClient client = new BackgroundClient(config(unreachable()).queueCapacity(3).build());
        assertEquals(1, client.send(message(client, 1)));
        assertEquals(2, client.send(message(client, 2)));
        assertEquals(3, client.send(message(client, 3)));
        assertEquals(-1, client.send(message(client, 4)));
        assertEquals(1, client.stats().dropped());
        assertEquals(3, client.stats().queued());
        client.shutdown();
        assertEquals(4, client.stats().dropped(), "never started: the queue is lost and counted");
    }

    @Test
    void shutdownKeepsTheSpoolForTheNextClient() throws Exception {
        Path spool = tmp.resolve("spool");
        BackgroundClient offline = new BackgroundClient(config(unreachable()).spoolDirectory(spool).build());
        offline.start();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Message m = message(offline, i);
            offline.send(m);
            ids.add(m.getMessageId());
        }
        assertEquals(20, offline.stats().spooled());
        assertTrue(offline.shutdown());
        assertEquals(0, offline.stats().dropped());

        try (BackgroundClient online = new BackgroundClient(config(monitor.base().toString()).spoolDirectory(spool)
                .build())) {
            assertEquals(20, online.stats().spooled());
            Message later = message(online, 99);
            online.send(later);
            assertTrue(later.getMessageId() > ids.get(ids.size() - 1));
            online.start();
            assertTrue(online.stop());
            assertEquals(21, online.stats().sent());
        }
        List<Long> received = monitor.requests().stream().flatMap(r -> r.messages().stream())
                .map(Message::getMessageId).toList();
        assertEquals(ids, received.subList(0, 20), "spooled messages first, in order");
    }

    @Test
    void aMonitorThatComesBackLateStillGetsEverything() throws Exception {
        monitor.script(r -> monitor.requests().size() < 4 ? Reply.problem(503, "{}").withHeader("Retry-After", "0")
                : Reply.accepted(r));
        try (BackgroundClient client = new BackgroundClient(config(monitor.base().toString()).build())) {
            client.start();
            for (int i = 0; i < 10; i++) {
                client.send(message(client, i));
            }
            assertTrue(client.stop());
            assertEquals(10, client.stats().sent());
            assertTrue(client.stats().retries() >= 3);
        }
    }
}
