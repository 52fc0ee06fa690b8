package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.client.ScriptedMonitor.Reply;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the clients react to each kind of answer (scripted loopback server). */
class ProtocolTest {

    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100), 2, 0.2, 4);

    @RegisterExtension
    final ScriptedMonitor monitor = ScriptedMonitor.http();
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

    private ClientConfig.Builder config() {
        return ClientConfig.builder(Map.of()).endpoint(monitor.base() + "/monitor").retryPolicy(FAST)
                .rejectionListener(rejections::add);
    }

    static Message message(MonitorClient client, long resourceId) {
        Message message = client.createMessage();
        message.setResourceId(resourceId);
        message.addData(new Data(Data.Type.MEASUREMENT, 7, new Observation(MonitorClient.nowSeconds(), 42.5)));
        return message;
    }

    @Test
    void retriesAnOverloadedMonitorHonouringRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        monitor.script(r -> calls.incrementAndGet() == 1
                ? Reply.problem(503, "{\"type\":\"urn:tma-monitor:problem:kafka-unavailable\",\"status\":503}")
                        .withHeader("Retry-After", "1")
                : Reply.accepted(r));
        SynchronousClient client = new SynchronousClient(config().build());
        long start = System.nanoTime();
        assertEquals(200, client.send(message(client, 1)));
        assertTrue(System.nanoTime() - start >= 900_000_000L, "waited for Retry-After");
        ClientStats stats = client.stats();
        assertEquals(1, stats.retries());
        assertEquals(1, stats.sent());
        assertTrue(stats.lastError().startsWith("503 urn:tma-monitor:problem:kafka-unavailable ("), stats.lastError());
    }

    @Test
    void retriesARequestTheServerTimedOut() {
        AtomicInteger calls = new AtomicInteger();
        monitor.script(r -> calls.incrementAndGet() == 1
                ? Reply.problem(408, "{\"type\":\"urn:tma-monitor:problem:request-timeout\",\"title\":\"t\"}")
                : Reply.accepted(r));
        SynchronousClient client = new SynchronousClient(config().build());

        assertEquals(200, client.send(message(client, 1)));

        assertEquals(1, client.stats().retries());
        assertEquals(0, rejections.size());
    }

    @Test
    void givesUpAfterMaxAttemptsAndNeverRetriesRefusals() {
        monitor.script(r -> Reply.problem(502, "{}"));
        SynchronousClient client = new SynchronousClient(config().build());
        assertEquals(502, client.send(message(client, 1)));
        assertEquals(FAST.maxAttempts(), monitor.requests().size());
        assertEquals(1, client.stats().dropped());

        monitor.script(r -> Reply.problem(403, "{\"type\":\"urn:tma-monitor:problem:forbidden\",\"title\":\"t\"}"));
        assertEquals(403, client.send(message(client, 1)));
        assertEquals(FAST.maxAttempts() + 1, monitor.requests().size());
        assertEquals(1, rejections.size());
        assertEquals("urn:tma-monitor:problem:forbidden", rejections.get(0).problem().type());
    }

    @Test
    void authenticatesWithBasicThenUsesAndRenewsTheBearerToken() {
        AtomicInteger tokens = new AtomicInteger();
        monitor.script(r -> {
            if (r.path().equals("/monitor/auth")) {
                return Reply.json(200, "{\"token\":\"t" + tokens.incrementAndGet()
                        + "\",\"tokenType\":\"Bearer\",\"expiresIn\":900}");
            }
            return "Bearer t1".equals(r.header("Authorization"))
                    ? Reply.problem(401, "{\"type\":\"urn:tma-monitor:problem:unauthenticated\"}")
                    : Reply.accepted(r);
        });
        SynchronousClient client = new SynchronousClient(config().build());
        assertTrue(client.authenticate(1098, "pass".getBytes(StandardCharsets.UTF_8)));
        assertTrue(client.isInitialized());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("1098:pass".getBytes(StandardCharsets.UTF_8)),
                monitor.requests("/monitor/auth").get(0).header("Authorization"));
        Message message = message(client, 5);
        assertEquals(1098, message.getProbeId());
        assertEquals(200, client.send(message), "expired token renewed once");
        assertEquals("Bearer t2", monitor.requests("/monitor").get(1).header("Authorization"));
        assertEquals(200, client.send(message(client, 5)));
        assertEquals(2, monitor.requests("/monitor/auth").size(), "token reused");
    }

    /** A 503 "outcome unknown" names the records Kafka acknowledged: only the others are sent again, and counted. */
    @Test
    void after503OutcomeUnknownOnlyTheMessagesWithoutAReceiptAreSentAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        monitor.script(r -> calls.incrementAndGet() == 1
                ? Reply.problem(503, "{\"type\":\"urn:tma-monitor:problem:unavailable\",\"status\":503,"
                        + "\"stored\":\"unknown\",\"receipts\":[{\"partition\":0,\"offset\":10},null,"
                        + "{\"partition\":2,\"offset\":30}]}")
                : Reply.json(200, "{\"accepted\":1,\"requestId\":\"r\",\"receipts\":[{\"partition\":1,\"offset\":20}]}"));
        List<Receipt> receipts = new CopyOnWriteArrayList<>();
        try (BackgroundClient client = new BackgroundClient(config().linger(Duration.ofSeconds(30)).batchSize(3)
                .receiptListener(receipts::add).build())) {
            List<Message> sent = List.of(message(client, 1), message(client, 2), message(client, 3));
            sent.forEach(client::send);
            client.start();
            assertTrue(client.stop());
            assertEquals(List.of(2L), monitor.requests("/monitor").get(1).messages().stream()
                    .map(Message::getResourceId).toList(), "only the message without a receipt");
            ClientStats stats = client.stats();
            assertEquals(3, stats.sent());
            assertEquals(3, stats.receipts());
            assertEquals(1, stats.outcomeUnknownResends());
            assertEquals(List.of(new Receipt(sent.get(0).getMessageId(), 0, 10),
                    new Receipt(sent.get(2).getMessageId(), 2, 30), new Receipt(sent.get(1).getMessageId(), 1, 20)),
                    receipts);
            assertEquals(receipts.get(2), stats.lastReceipt());
        }
    }

    /** "stored":"none": nothing of the request was stored, every message is sent again, none counted as unknown. */
    @Test
    void after503StoredNoneEverythingIsSentAgainWithoutDoubt() {
        AtomicInteger calls = new AtomicInteger();
        monitor.script(r -> calls.incrementAndGet() == 1
                ? Reply.problem(503, "{\"type\":\"urn:tma-monitor:problem:unavailable\",\"status\":503,"
                        + "\"stored\":\"none\"}")
                : Reply.accepted(r));
        SynchronousClient client = new SynchronousClient(config().build());
        assertEquals(200, client.send(message(client, 1)));
        assertEquals(1, client.stats().retries());
        assertEquals(0, client.stats().outcomeUnknownResends());
        assertEquals(0, client.stats().receipts(), "a monitor that names no partition and offset");
        assertNull(client.stats().lastReceipt());
    }

    @Test
    void a401AfterRenewalIsARefusal() {
        monitor.script(r -> r.path().equals("/monitor/auth")
                ? Reply.json(200, "{\"token\":\"t\",\"tokenType\":\"Bearer\",\"expiresIn\":900}")
                : Reply.problem(401, "{\"type\":\"urn:tma-monitor:problem:unauthenticated\"}"));
        SynchronousClient client = new SynchronousClient(config().credentials(3, new byte[] {1})
                .authRetryWindow(Duration.ZERO).build());
        assertEquals(401, client.send(message(client, 5)));
        assertEquals(2, monitor.requests("/monitor").size());
        assertEquals(1, rejections.size());
        assertEquals(401, rejections.get(0).status());
    }

    @Test
    void refusedCredentialsAreReportedByAuthenticate() {
        monitor.script(r -> Reply.problem(401, "{\"type\":\"urn:tma-monitor:problem:unauthenticated\"}"));
        SynchronousClient client = new SynchronousClient(config().build());
        assertEquals(false, client.authenticate(1098, "wrong".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, client.send(message(client, 1)));
    }

    @Test
    void worksWithAMonitorWithoutAuthentication() {
        monitor.script(r -> r.path().equals("/monitor/auth") ? Reply.problem(404, "{}") : Reply.accepted(r));
        SynchronousClient client = new SynchronousClient(config().build());
        assertTrue(client.authenticate(1098, "pass".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, client.send(message(client, 1)));
        assertNull(monitor.requests("/monitor").get(0).header("Authorization"));
    }

    @Test
    void invalidItemsOfABatchAreRefusedAndTheRestDelivered() throws Exception {
        monitor.script(r -> {
            List<Message> batch = r.messages();
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).getResourceId() == 666) {
                    return Reply.problem(400, "{\"type\":\"urn:tma-monitor:problem:invalid-message\",\"status\":400,"
                            + "\"violations\":[{\"index\":" + i + ",\"pointer\":\"/" + i + "/data/0/type\","
                            + "\"keyword\":\"enum\",\"message\":\"bad\"}]}");
                }
            }
            return Reply.accepted(r);
        });
        try (BackgroundClient client = new BackgroundClient(config().linger(Duration.ofSeconds(30)).batchSize(5).build())) {
            for (long resource : new long[] {1, 2, 666, 4, 5}) {
                client.send(message(client, resource));
            }
            client.start();
            assertFalse(client.stop(), "one message was refused");
            assertEquals(4, client.stats().sent());
            assertEquals(1, client.stats().rejected());
        }
        assertEquals(1, rejections.size());
        Rejection rejection = rejections.get(0);
        assertEquals(666, rejection.message().getResourceId());
        assertEquals("/2/data/0/type", rejection.violations().get(0).pointer());
        assertEquals("/data/0/type", rejection.violations().get(0).messagePointer());
        List<Long> delivered = monitor.requests().get(1).messages().stream().map(Message::getResourceId).toList();
        assertEquals(List.of(1L, 2L, 4L, 5L), delivered);
    }

    @Test
    void aBatchTooLargeIsSplitUntilItFits() throws Exception {
        monitor.script(r -> r.messages().size() > 2 ? Reply.problem(413, "{}") : Reply.accepted(r));
        try (BackgroundClient client = new BackgroundClient(config().linger(Duration.ofSeconds(30)).batchSize(8).gzip(true)
                .build())) {
            for (int i = 0; i < 8; i++) {
                client.send(message(client, i));
            }
            client.start();
            assertTrue(client.stop());
            assertEquals(8, client.stats().sent());
        }
        assertTrue(rejections.isEmpty());
        assertEquals("gzip", monitor.requests().get(0).header("Content-Encoding"));
        List<Long> order = monitor.requests().stream().filter(r -> r.messages().size() <= 2)
                .flatMap(r -> r.messages().stream()).map(Message::getResourceId).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), order, "order kept");
    }
}
