package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.client.RealMonitor.MessageKey;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Against the real monitor server and a real Kafka broker. */
class EndToEndDeliveryTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int MESSAGES = 10_000;
    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(300), 2, 0.2, 3);

    @TempDir
    Path tmp;

    private static RealMonitor monitor() {
        String topic = KAFKA.createUniqueTopic("topic-monitor", 3);
        return RealMonitor.start(KAFKA.bootstrapServers(), topic);
    }

    private static Message message(MonitorClient client, long resourceId) {
        Message message = client.createMessage();
        message.setResourceId(resourceId);
        message.addData(new Data(Data.Type.MEASUREMENT, 1, new Observation(MonitorClient.nowSeconds(), resourceId)));
        return message;
    }

    /**
     * The seed's example stamps epoch milliseconds as observation times, which the knowledge base would
     * store as wrong dates: {@code send} refuses the message as a value (the example runs to its end) and says
     * which field is wrong and how to fix it; nothing reaches Kafka.
     */
    @Test
    void theSeedExampleRunsAndIsToldWhyItsMessageWasRefused() throws Exception {
        try (RealMonitor monitor = monitor()) {
            Path log = tmp.resolve("seed.log");
            ChildJvm seed = probe(SeedExample.class, Map.of("TMA_MONITOR_URL", monitor.baseUri().toString()), log);
            assertTrue(seed.waitFor(Duration.ofSeconds(30)), "the JVM exits although stop() is never called");
            String err = Files.readString(log);
            assertEquals(0, seed.exitValue(), err);
            // the line as slf4j-simple or logback (whichever provider the class path offers first) writes it
            assertTrue(err.lines().anyMatch(line -> line.contains("WARN") && line.contains("Settlements - Message of "
                    + "probe 1098 refused by the client, not sent: /data/0/observations/0/time is ")), err);
            assertTrue(err.contains("It looks like epoch milliseconds: send seconds, e.g. new Date().getTime() / 1000"
                    + " (works with the original library too) or MonitorClient.nowSeconds()."), err);
            assertEquals(List.of(), monitor.readMessages(1, Duration.ofSeconds(2)), "nothing was sent");
        }
    }

    @Test
    void tenThousandMessagesSurviveTwoServerRestarts() throws Exception {
        try (RealMonitor monitor = monitor()) {
            ClientConfig config = ClientConfig.builder(Map.of()).endpoint(monitor.baseUri().toString()).probeId(7)
                    .queueCapacity(MESSAGES).linger(Duration.ofMillis(20)).batchSize(200).retryPolicy(QUICK).build();
            List<Long> sent = new CopyOnWriteArrayList<>();
            try (BackgroundClient client = new BackgroundClient(config)) {
                client.start();
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        Message message = message(client, i % 50);
                        if (client.send(message) > 0) {
                            sent.add(message.getMessageId());
                        }
                        if (i % 50 == 0) {
                            sleep(20);
                        }
                    }
                });
                producer.start();
                for (int outage = 0; outage < 2; outage++) {
                    sleep(1_000);
                    monitor.stop();
                    sleep(800);
                    monitor.restart();
                }
                producer.join();
                assertEquals(MESSAGES, sent.size(), "every send accepted");
                assertTrue(client.stop(Duration.ofSeconds(60)), () -> client.stats().toString());
                ClientStats stats = client.stats();
                assertEquals(MESSAGES, stats.sent());
                assertEquals(0, stats.dropped() + stats.rejected() + stats.queued());
                assertTrue(stats.retries() > 0, "the outages were noticed");
            }
            assertAllArrived(monitor, 7, sent);
        }
    }

    @Test
    void aSpooledProbeKilledAndRestartedLosesNothing() throws Exception {
        try (RealMonitor monitor = monitor()) {
            Path spool = tmp.resolve("spool");
            String url = monitor.baseUri() + "/monitor";
            ChildJvm first = probe(SpoolingProbe.class, Map.of(), tmp.resolve("probe-1.log"),
                    url, spool.toString(), "0", String.valueOf(MESSAGES));
            awaitReported(first, 2_000);
            monitor.stop();
            awaitReported(first, 5_000);
            first.kill();
            Map<Integer, Long> reported = reported(first);
            assertTrue(reported.size() < MESSAGES, "killed before the end");
            try (var segments = Files.list(spool)) {
                assertTrue(segments.anyMatch(p -> p.getFileName().toString().startsWith("segment-")));
            }
            monitor.restart();
            int resumeAt = reported.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
            ChildJvm second = probe(SpoolingProbe.class, Map.of(), tmp.resolve("probe-2.log"),
                    url, spool.toString(), String.valueOf(resumeAt), String.valueOf(MESSAGES));
            assertEquals(0, second.waitFor(), Files.readString(tmp.resolve("probe-2.log")));
            assertEquals("stopped true", second.lines().get(second.lines().size() - 1));
            assertTrue(Files.readString(tmp.resolve("probe-2.log")).matches("(?s).*Spool .* holds \\d+ undelivered messages.*"),
                    "the restarted probe found the killed one's backlog");
            reported.putAll(reported(second));
            assertAllArrived(monitor, 42, new ArrayList<>(reported.values()));
        }
    }

    @Test
    void theMonitorsRefusalReachesTheListenerWithTheViolationPointer() throws Exception {
        try (RealMonitor monitor = monitor()) {
            List<Rejection> rejections = new CopyOnWriteArrayList<>();
            ClientConfig config = ClientConfig.builder(Map.of()).endpoint(monitor.baseUri().toString()).probeId(9)
                    .linger(Duration.ofSeconds(30)).batchSize(3).rejectionListener(rejections::add).build();
            List<Long> valid = new ArrayList<>();
            try (BackgroundClient client = new BackgroundClient(config)) {
                Message first = message(client, 1);
                Message invalid = client.createMessage();   // no data: the schema wants at least one item
                invalid.setResourceId(2);
                Message last = message(client, 3);
                client.send(first);
                client.send(invalid);
                client.send(last);
                valid.add(first.getMessageId());
                valid.add(last.getMessageId());
                client.start();
                assertFalse(client.stop(Duration.ofSeconds(30)), "not every message was stored");
                assertEquals(2, client.stats().sent());
                assertEquals(1, client.stats().rejected());
                assertEquals(Map.of("refused by the monitor: 400 invalid-message", 1L), client.stats().notStored());
            }
            assertEquals(1, rejections.size());
            Rejection rejection = rejections.get(0);
            assertEquals(400, rejection.status());
            assertEquals(2, rejection.message().getResourceId());
            assertTrue(rejection.problem().type().startsWith("urn:tma-monitor:problem:"), rejection.problem().type());
            assertEquals(1, rejection.violations().get(0).index());
            assertEquals("/1/data", rejection.violations().get(0).pointer());
            assertEquals("/data", rejection.violations().get(0).messagePointer());
            assertAllArrived(monitor, 9, valid);
        }
    }

    private static void assertAllArrived(RealMonitor monitor, long probeId, List<Long> messageIds) {
        Set<MessageKey> expected = messageIds.stream().map(id -> new MessageKey(probeId, id)).collect(Collectors.toSet());
        assertEquals(messageIds.size(), expected.size(), "message ids are unique");
        List<Message> received = monitor.readAllMessages(Duration.ofSeconds(60));
        Set<MessageKey> keys = new HashSet<>();
        received.forEach(m -> keys.add(RealMonitor.key(m)));
        Set<MessageKey> missing = new HashSet<>(expected);
        missing.removeAll(keys);
        assertEquals(Set.of(), missing, "missing messages");
        System.out.printf("%d messages expected, %d records in Kafka (%d duplicates of retried batches)%n",
                expected.size(), received.size(), received.size() - keys.size());
    }

    /** A probe in its own JVM (this test class path); its stdout lines are kept, its output logged. */
    private static ChildJvm probe(Class<?> main, Map<String, String> env, Path log, String... args) {
        return ChildJvm.builder(main.getSimpleName(), main.getName()).jvmArgs(List.of("-Xmx256m",
                "-XX:TieredStopAtLevel=1")).env(env).args(List.of(args)).log(log).keepLines().start();
    }

    private static void awaitReported(ChildJvm probe, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (probe.lines().size() < count) {
            assertTrue(probe.isAlive() && System.nanoTime() < deadline, "probe reported " + probe.lines().size());
            Thread.sleep(10);
        }
    }

    private static Map<Integer, Long> reported(ChildJvm probe) {
        return probe.lines().stream().filter(l -> l.startsWith("sent ")).map(l -> l.split(" "))
                .filter(parts -> parts.length == 3 && !parts[2].isEmpty())
                .collect(Collectors.toMap(p -> Integer.parseInt(p[1]), p -> Long.parseLong(p[2]), (a, b) -> a,
                        java.util.HashMap::new));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
