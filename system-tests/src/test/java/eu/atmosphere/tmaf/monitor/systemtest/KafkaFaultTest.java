package eu.atmosphere.tmaf.monitor.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.client.ClientConfig;
import eu.atmosphere.tmaf.monitor.client.ClientStats;
import eu.atmosphere.tmaf.monitor.client.RetryPolicy;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 1: the monitor under Kafka and server faults, end to end. A probe ({@link BackgroundClient})
 * sends at a fixed rate to the real server, which publishes to a real 3-node KRaft cluster on loopback (each node
 * a JVM of its own: replication factor 3, {@code min.insync.replicas=2}). Nodes and the server are killed with
 * SIGKILL mid-load and started again. Afterwards Kafka holds exactly the {@code (probeId, messageId)} set the
 * client was told was stored ({@link DeliveryCheck}); the numbers are printed as {@code RESULT} lines and
 * collected in {@code target/fault-results.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaFaultTest {

    /** 25 messages every 50 ms = 500 messages/s over 12 resources (records spread over the 3 partitions). */
    private static final int PER_TICK = 25;
    private static final Duration TICK = Duration.ofMillis(50);
    private static final int RESOURCES = 12;
    private static final int BATCH = 100;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0,
            0.2, 3);
    private static final long RAW_PROBE = 900;

    @TempDir
    static Path tmp;

    private static ProcessKafkaCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        assertTrue(Stream.of(ClientConfig.ENV_URL, ClientConfig.ENV_PROBE_ID, ClientConfig.ENV_PROBE_SECRET,
                        ClientConfig.ENV_PROBE_SECRET_FILE, ClientConfig.ENV_CA_FILE, ClientConfig.ENV_SPOOL_DIR)
                        .noneMatch(name -> System.getenv(name) != null),
                "the client's TMA_* environment variables would change its configuration");
        long start = System.nanoTime();
        cluster = ProcessKafkaCluster.start(tmp.resolve("kafka"), 3);
        System.out.printf("3-node KRaft cluster (one JVM per node) up at %s in %d ms%n", cluster.bootstrapServers(),
                millisSince(start));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        StringBuilder table = new StringBuilder("| scenario | accepted by send | acknowledged (stats.sent) | records in"
                + " Kafka | distinct | missing | unknown | duplicates | most copies of one message | client retries | notes |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (DeliveryCheck.Result r : DeliveryCheck.RESULTS) {
            table.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |%n", r.scenario(),
                    r.acceptedBySend(), r.acknowledged(), r.records(), r.distinct(), r.missing(), r.unknown(),
                    r.duplicates(), r.mostCopies(), r.retries(), r.notes()));
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "fault-results.md"), table.toString());
    }

    @BeforeEach
    void allNodesRunning() {
        List<Integer> stopped = cluster.nodeIds().stream().filter(id -> !cluster.isRunning(id)).toList();
        if (!stopped.isEmpty()) {
            cluster.startNodes(stopped);   // an earlier test failed half way
        }
        cluster.awaitBrokers(3);
    }

    @Test
    @Order(1)
    void oneBrokerKilledAndRestartedUnderLoad() throws Exception {
        String topic = "fault-one-broker";
        cluster.createTopic(topic, 3);
        try (MonitorServer server = MonitorServer.start(serverConfig(topic, Duration.ofSeconds(10)))) {
            BackgroundClient client = new BackgroundClient(clientConfig(server.baseUri(), 11, null));
            client.start();
            LoadProbe probe = new LoadProbe(client, PER_TICK, TICK, RESOURCES).start();
            sleep(4_000);

            // the hardest single failure: the active controller, which also leads a partition (else the busiest leader)
            Map<Integer, List<Integer>> leaders = cluster.leaders(topic);
            Integer active = cluster.activeController().orElse(null);
            int victim = active != null && !leaders.get(active).isEmpty() ? active
                    : leaders.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow()
                    .getKey();
            String controller = active == null ? "?" : active.toString();
            long killedAt = System.nanoTime();
            cluster.kill(victim);
            System.out.printf("killed node %d (SIGKILL) after %d messages; leaders were %s, active controller %s%n",
                    victim, probe.acceptedCount(), leaders, controller);
            sleep(6_000);
            System.out.printf("6 s later: leaders %s, client %s%n", cluster.leaders(topic), client.stats());
            long down = restart(List.of(victim), killedAt);
            sleep(3_000);

            drain(probe, client, Duration.ofSeconds(90));
            cluster.awaitFullIsr(topic);
            ClientStats stats = client.stats();
            DeliveryCheck.verify("one of 3 brokers SIGKILLed, restarted", 11, probe, stats, BATCH,
                    cluster.bootstrapServers(), topic, "node " + victim + " led partitions " + leaders.get(victim)
                            + (controller.equals(String.valueOf(victim)) ? ", was the active controller" : "")
                            + "; down " + down / 1000 + " s of a " + (down + 7_000) / 1000 + " s load");
        }
    }

    @Test
    @Order(2)
    void twoBrokersKilledMeans503ThenEverythingArrives() throws Exception {
        String topic = "fault-two-brokers";
        cluster.createTopic(topic, 3);
        Duration kafkaTimeout = Duration.ofSeconds(3);
        try (MonitorServer server = MonitorServer.start(serverConfig(topic, kafkaTimeout))) {
            BackgroundClient client = new BackgroundClient(clientConfig(server.baseUri(), 12, null));
            client.start();
            LoadProbe probe = new LoadProbe(client, PER_TICK, TICK, RESOURCES).start();
            sleep(3_000);

            List<Integer> victims = cluster.nodeIds().subList(0, 2);
            long killedAt = System.nanoTime();
            victims.forEach(cluster::kill);
            System.out.printf("killed nodes %s (SIGKILL) after %d messages; only node %d runs%n", victims,
                    probe.acceptedCount(), cluster.nodeIds().get(2));

            // Raw POSTs (a different probe id) while 2 of 3 are down: every answer must be 503, never 200.
            List<String> raw = Collections.synchronizedList(new ArrayList<>());
            List<Thread> posters = new ArrayList<>();
            AtomicLong rawIds = new AtomicLong(1);
            long outageEnd = killedAt + Duration.ofSeconds(14).toNanos();
            for (int t = 0; t < 2; t++) {
                Thread poster = new Thread(() -> {
                    while (System.nanoTime() < outageEnd - kafkaTimeout.toNanos() - Duration.ofSeconds(2).toNanos()) {
                        raw.add(rawPost(server.baseUri(), rawIds.getAndIncrement()));
                    }
                });
                posters.add(poster);
                poster.start();
            }
            sleep(kafkaTimeout.toMillis() + 1_000);
            long sentAfterGrace = client.stats().sent();
            double acceptedAfterGrace = acceptedMetric(server.baseUri());
            sleep((outageEnd - System.nanoTime()) / 1_000_000);
            for (Thread poster : posters) {
                poster.join();
            }
            ClientStats during = client.stats();
            double acceptedBeforeRestore = acceptedMetric(server.baseUri());
            String ready = readiness(server.baseUri());
            System.out.printf("outage: %d raw POSTs answered %s; /health/ready %s; client %s%n", raw.size(),
                    raw.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())), ready, during);

            assertTrue(raw.size() >= 2, "raw POSTs were answered during the outage: " + raw);
            assertEquals(List.of(), raw.stream().filter(s -> !s.equals("503 Retry-After problem+json")).toList(),
                    "with 2 of 3 brokers down every POST is answered 503 + Retry-After + problem body");
            assertEquals(sentAfterGrace, during.sent(), "the client was told nothing was stored during the outage");
            assertEquals(acceptedAfterGrace, acceptedBeforeRestore, "the server acknowledged nothing during the outage");
            assertTrue(during.queued() > 0 && during.retries() > 0, "the client keeps and retries: " + during);
            assertEquals("503", ready, "not ready while Kafka does not acknowledge publishes");

            long down = restart(victims, killedAt);
            sleep(3_000);
            drain(probe, client, Duration.ofSeconds(120));
            cluster.awaitFullIsr(topic);
            long rawStored = TopicContents.readAll(cluster.bootstrapServers(), topic, Duration.ofSeconds(60)).stream()
                    .filter(r -> r.probeId() == RAW_PROBE).count();
            DeliveryCheck.verify("two of 3 brokers SIGKILLed, restored", 12, Set.of(RAW_PROBE), probe, client.stats(),
                    BATCH, cluster.bootstrapServers(), topic, "down " + down / 1000 + " s incl. restart;"
                            + " " + raw.size() + " raw POSTs during it all 503, " + rawStored
                            + " of those stored after all (503 = not known to be stored); client backlog >= " + during.queued());
        }
    }

    @Test
    @Order(3)
    void serverKilledTwiceWhileTheClientSpools() throws Exception {
        String topic = "fault-server-kill";
        cluster.createTopic(topic, 3);
        try (ServerProcess server = ServerProcess.start(cluster.bootstrapServers(), topic, Duration.ofSeconds(10),
                RETRY_AFTER, tmp.resolve("server.log"))) {
            Path spool = tmp.resolve("spool");
            BackgroundClient client = new BackgroundClient(clientConfig(server.baseUri(), 13, spool));
            client.start();
            LoadProbe probe = new LoadProbe(client, PER_TICK, TICK, RESOURCES).start();
            sleep(4_000);

            long pid = server.pid();
            server.kill();
            System.out.printf("server pid %d SIGKILLed after %d messages%n", pid, probe.acceptedCount());
            sleep(4_000);
            ClientStats outage = client.stats();
            System.out.printf("server down 4 s: client %s%n", outage);
            assertTrue(outage.spooled() > 0, "the backlog is in the spool: " + outage);
            long restart = System.nanoTime();
            server.restart();
            System.out.printf("server restarted on the same port, ready in %d ms%n", millisSince(restart));

            // second kill while the client replays its spooled backlog (requests in flight)
            sleep(300);
            ClientStats replaying = client.stats();
            server.kill();
            System.out.printf("server SIGKILLed again 300 ms after ready, client %s%n", replaying);
            sleep(2_000);
            server.restart();
            sleep(4_000);

            drain(probe, client, Duration.ofSeconds(90));
            DeliveryCheck.verify("server SIGKILLed twice, client spooling", 13, probe, client.stats(), BATCH,
                    cluster.bootstrapServers(), topic, "spool held " + outage.spooled() + " messages after 4 s down;"
                            + " 2nd kill 300 ms after restart with " + replaying.queued() + " still queued");
        }
    }

    private static ServerConfig serverConfig(String topic, Duration kafkaTimeout) {
        return ServerConfig.builder().bindAddress("127.0.0.1").port(0).kafkaBootstrapServers(cluster.bootstrapServers())
                .topic(topic).kafkaTimeout(kafkaTimeout).retryAfter(RETRY_AFTER).build();
    }

    private static ClientConfig clientConfig(URI endpoint, long probeId, Path spool) {
        ClientConfig.Builder b = ClientConfig.builder().endpoint(endpoint.toString()).probeId(probeId)
                .batchSize(BATCH).linger(Duration.ofMillis(20)).queueCapacity(200_000)
                .retryPolicy(QUICK).connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(20));
        if (spool != null) {
            b.spoolDirectory(spool);
        }
        return b.build();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @return e.g. {@code "503 Retry-After problem+json"}, or {@code "200 ..."}, or the IO failure */
    private static String rawPost(URI base, long messageId) {
        String body = "{\"probeId\":" + RAW_PROBE + ",\"resourceId\":7,\"messageId\":" + messageId + ",\"sentTime\":"
                + System.currentTimeMillis() / 1000 + ",\"data\":[{\"type\":\"measurement\",\"descriptionId\":1,"
                + "\"observations\":[{\"time\":" + System.currentTimeMillis() / 1000 + ",\"value\":1.5}]}]}";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/monitor"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + (r.headers().firstValue("Retry-After").isPresent() ? " Retry-After" : "")
                    + (r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                    ? " problem+json" : "");
        } catch (IOException e) {
            return "IO " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static double acceptedMetric(URI base) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("tma_monitor_messages_accepted_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst().orElse(0);
    }

    private static String readiness(URI base) {
        try {
            return String.valueOf(HTTP.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts the killed nodes again. @return how long they were down since {@code killedAt}, in ms */
    private static long restart(List<Integer> nodes, long killedAt) {
        long restart = System.nanoTime();
        cluster.startNodes(nodes);
        long down = millisSince(killedAt);
        System.out.printf("nodes %s restarted in %d ms (down %d ms)%n", nodes, millisSince(restart), down);
        return down;
    }

    /** Stops the load; the client must deliver its whole backlog within {@code timeout}. */
    private static void drain(LoadProbe probe, BackgroundClient client, Duration timeout) throws InterruptedException {
        probe.stop();
        assertTrue(client.stop(timeout), () -> "drained: " + client.stats());
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            ProcessKafkaCluster.sleep(millis);
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
