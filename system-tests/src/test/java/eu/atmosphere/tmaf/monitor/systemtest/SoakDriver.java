package eu.atmosphere.tmaf.monitor.systemtest;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import eu.atmosphere.tmaf.monitor.testsupport.LoadGenerator;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import eu.atmosphere.tmaf.monitor.testsupport.Target;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Soak run behind {@code bench/soak.sh} (issue 9, item 5): sustained load on the monitor server for a chosen
 * time, with the server's RSS, heap, GC, threads, file descriptors and the request latency sampled every
 * interval, to show they stay flat.
 *
 * <ul>
 * <li>Kafka: a real single-node KRaft broker ({@code monitor-embedded-kafka}) inside this JVM, temporary data.</li>
 * <li>Server: {@code monitor-server serve} in a JVM of its own with a fixed heap ({@code --server-heap}), so its
 *     RSS, {@code /proc/<pid>/fd} and {@code /metrics} are its alone.</li>
 * <li>Load: the shared {@link LoadGenerator} in open loop, {@code --rate} requests per second over 32
 *     connections, each request a JSON array of {@code --batch} messages of one of 16 resources; one load phase
 *     per sample interval. Latency is measured from the request's <em>intended</em> start, so a stalled server
 *     shows up as latency instead of as fewer requests.</li>
 * <li>End: every message answered 200 must be in Kafka: the record count of the topic equals the
 *     acknowledged message count (exit status 1 otherwise, or on any non-200 answer).</li>
 * </ul>
 */
public final class SoakDriver {

    private static final String TOPIC = "topic-monitor";
    private static final long PROBE = 1;
    private static final int RESOURCES = 16;
    /** Enough for the open loop's default rate many times over; more only when the server stalls. */
    private static final int CONNECTIONS = 32;

    private record Options(double minutes, int rate, int batch, int sampleSeconds, String serverHeap, Path out) {
    }

    /** One row of the table. */
    private record Sample(String time, long requests, long messages, long non200, long unsent, double p50, double p99,
                          double max, double kafkaP99, double rssMb, double heapUsedMb, double oldUsedMb, long gcCount,
                          double gcMillis, long threads, long fds, String load) {
    }

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private long acknowledgedMessages;
    private long totalUnsent;
    private long totalNon200;

    private SoakDriver(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        System.exit(new SoakDriver(options).run());
    }

    private static Options parse(String[] args) {
        double minutes = 10;
        int rate = 50;
        int batch = 20;
        int sample = 60;
        String heap = "256m";
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--sample-seconds" -> sample = Integer.parseInt(value);
                case "--server-heap" -> heap = value;
                case "--out" -> out = Path.of(value);
                case "-h", "--help" -> {
                    System.out.println("options: --minutes N (10) --rate requests/s (50) --batch messages/request (20)"
                            + " --sample-seconds S (60) --server-heap SIZE (256m) --out FILE.md");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--help)");
            }
            i++;
        }
        return new Options(minutes, rate, batch, sample, heap, out);
    }

    private int run() throws Exception {
        Path work = Files.createTempDirectory("tma-soak-");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().dataDirectory(work.resolve("kafka")).build()) {
            kafka.start();
            kafka.createTopic(TOPIC, 3);
            int port = ProcessKafkaCluster.freePorts(1)[0];
            Path serverLog = work.resolve("server.log");
            List<String> jvm = List.of("-Xms" + options.serverHeap(), "-Xmx" + options.serverHeap(),
                    "-Dorg.slf4j.simpleLogger.log.eu.atmosphere.tmaf.monitor.server.ingest=warn");
            try (ChildJvm server = ChildJvm.start("monitor-server", jvm, "eu.atmosphere.tmaf.monitor.server.cli.Main",
                    List.of("serve", "--port", Integer.toString(port), "--kafka-bootstrap-servers",
                            kafka.bootstrapServers(), "--topic", TOPIC), serverLog)) {
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitReady(server, base);
                System.out.printf(Locale.ROOT, "soak: %.1f min, %d requests/s x %d messages = %d messages/s; server pid %d,"
                                + " heap %s (-Xms = -Xmx), Kafka %s; sample every %d s; server log %s%n",
                        options.minutes(), options.rate(), options.batch(), options.rate() * options.batch(),
                        server.pid(), options.serverHeap(), kafka.bootstrapServers(), options.sampleSeconds(),
                        serverLog);
                return soak(server, base, kafka.bootstrapServers());
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private int soak(ChildJvm server, URI base, String bootstrap) throws Exception {
        Target target = Target.of(base.resolve("/monitor").toString(), null);
        byte[][] requests = new byte[RESOURCES][];
        for (int i = 0; i < RESOURCES; i++) {
            requests[i] = RawHttp.postJson(target, batch(LoadProbe.FIRST_RESOURCE + i), null);
        }
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (options.minutes() * 60e9);
        Map<String, Double> previous = metrics(base);
        List<Double> live = new ArrayList<>();
        System.out.println(header());
        long seconds;
        while ((seconds = Math.min(options.sampleSeconds(), (end - System.nanoTime()) / 1_000_000_000L)) > 0) {
            LoadGenerator.Result interval = LoadGenerator.run(target, new LoadGenerator.Load("soak", requests,
                    options.batch(), CONNECTIONS, options.rate(), Duration.ofSeconds(seconds)));
            count(interval);
            Map<String, Double> current = metrics(base);
            Sample s = sample((System.nanoTime() - start) / 1e9, interval, server, current, previous);
            samples.add(s);
            System.out.println(row(s));
            if (samples.size() == 1 || end - System.nanoTime() < 1_000_000_000L) {
                live.add(liveHeapMb(server, base));
                current = metrics(base);   // the forced collection is not counted in the next interval
            }
            previous = current;
        }
        long inKafka = countRecords(bootstrap);
        String verdict = String.format(Locale.ROOT, "answers: %s; unsent (not sent within %d s after their interval, "
                        + "all %d connections busy): %d; messages acknowledged with 200: %d; records in Kafka: %d -> %s",
                statuses, LoadGenerator.LATE_GRACE.toSeconds(), CONNECTIONS, totalUnsent, acknowledgedMessages, inKafka,
                inKafka == acknowledgedMessages ? "equal" : "DIFFERENT");
        String trend = trend(samples) + String.format(Locale.ROOT, "%nlive heap (heap used right after a forced full GC,"
                + " jcmd GC.run, under load): after the first interval %.1f MiB, at the end %.1f MiB",
                live.get(0), live.get(live.size() - 1));
        System.out.println(verdict);
        System.out.println(trend);
        if (options.out() != null) {
            StringBuilder md = new StringBuilder(header()).append('\n');
            samples.forEach(s -> md.append(row(s)).append('\n'));
            md.append('\n').append(verdict).append("\n\n").append(trend).append('\n');
            Files.writeString(options.out(), md.toString());
        }
        boolean ok = inKafka == acknowledgedMessages && totalNon200 == 0 && totalUnsent == 0;
        return ok ? 0 : 1;
    }

    /** Adds an interval's answers to the run's totals; a request without an answer counts as status -1. */
    private void count(LoadGenerator.Result interval) {
        statuses.merge(200, interval.ok(), Long::sum);
        interval.statuses().forEach((status, n) -> statuses.merge(status, n, Long::sum));
        if (interval.unknown() > 0) {
            statuses.merge(-1, interval.unknown(), Long::sum);
        }
        acknowledgedMessages += interval.messagesOk();
        totalUnsent += interval.unsent();
        totalNon200 += interval.failed() + interval.unknown();
    }

    /** @return a JSON array of {@code --batch} messages of one resource, message ids 1..batch */
    private byte[] batch(long resourceId) {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder b = new StringBuilder(options.batch() * 200).append('[');
        for (int id = 1; id <= options.batch(); id++) {
            if (id > 1) {
                b.append(',');
            }
            b.append("{\"probeId\":").append(PROBE).append(",\"resourceId\":").append(resourceId)
                    .append(",\"messageId\":").append(id).append(",\"sentTime\":").append(now)
                    .append(",\"data\":[{\"type\":\"measurement\",\"descriptionId\":1,\"observations\":[{\"time\":")
                    .append(now).append(",\"value\":").append(id % 1000).append(".5}]}]}");
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private Sample sample(double seconds, LoadGenerator.Result interval, ChildJvm server, Map<String, Double> now,
                          Map<String, Double> before) {
        long gcCount = Math.round(sum(now, "jvm_gc_collection_seconds_count") - sum(before, "jvm_gc_collection_seconds_count"));
        double gcMillis = 1000 * (sum(now, "jvm_gc_collection_seconds_sum") - sum(before, "jvm_gc_collection_seconds_sum"));
        return new Sample(String.format(Locale.ROOT, "%.1f", seconds / 60), interval.sent(),
                interval.sent() * options.batch(), interval.failed() + interval.unknown(), interval.unsent(),
                interval.latencyMillis(50), interval.latencyMillis(99), interval.latencyMillis(100),
                kafkaAckP99(now, before),
                procStatusKb(server.pid(), "VmRSS") / 1024.0, sum(now, "jvm_memory_used_bytes{area=\"heap\"}") / 1048576,
                oldGenUsed(now) / 1048576, gcCount, gcMillis, Math.round(sum(now, "jvm_threads_current")),
                openFds(server.pid()), loadAverage());
    }

    private static String header() {
        return "| minute | requests | messages | non-200 | unsent | p50 ms | p99 ms | max ms | server Kafka ack p99 ms | server RSS MiB | heap used MiB"
                + " | old gen used MiB | GCs | GC ms | threads | open fds | machine load (1 min) |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    private static String row(Sample s) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f | %.1f | %.1f | <= %.0f | %.0f | %.0f | %.1f | %d | %.0f | %d | %d | %s |",
                s.time(), s.requests(), s.messages(), s.non200(), s.unsent(), s.p50(), s.p99(), s.max(), s.kafkaP99(), s.rssMb(),
                s.heapUsedMb(), s.oldUsedMb(), s.gcCount(), s.gcMillis(), s.threads(), s.fds(), s.load());
    }

    /** Least-squares slope per interval of RSS, old generation and p99, from the second sample on (warm-up). */
    private static String trend(List<Sample> samples) {
        List<Sample> steady = samples.size() > 2 ? samples.subList(1, samples.size()) : samples;
        return String.format(Locale.ROOT, "trend after the first sample (least-squares slope per sample interval):"
                        + " RSS %+.1f MiB, old gen used %+.2f MiB, p99 %+.2f ms, threads %+.2f, fds %+.2f; over %d samples",
                slope(steady, Sample::rssMb), slope(steady, Sample::oldUsedMb), slope(steady, Sample::p99),
                slope(steady, s -> s.threads()), slope(steady, s -> s.fds()), steady.size());
    }

    private static double slope(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = (n - 1) / 2.0;
        double my = samples.stream().mapToDouble(f).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (f.applyAsDouble(samples.get(i)) - my);
            den += (i - mx) * (i - mx);
        }
        return num / den;
    }

    /** Forces a full collection in the server ({@code jcmd <pid> GC.run}) and returns the heap used after it. */
    private double liveHeapMb(ChildJvm server, URI base) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (jcmd.waitFor() != 0) {
            return -1;
        }
        return sum(metrics(base), "jvm_memory_used_bytes{area=\"heap\"}") / 1048576;
    }

    /**
     * The 99th percentile of the server's Kafka acknowledgement time in the interval, as the upper bound of the
     * histogram bucket ({@code tma_monitor_kafka_send_duration_seconds}) it falls in, in milliseconds.
     */
    private static double kafkaAckP99(Map<String, Double> now, Map<String, Double> before) {
        String prefix = "tma_monitor_kafka_send_duration_seconds_bucket{le=\"";
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Map.Entry<String, Double> e : now.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String le = e.getKey().substring(prefix.length(), e.getKey().indexOf('"', prefix.length()));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.put(bound, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
            }
        }
        double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (total > 0 && b.getValue() >= 0.99 * total) {
                return b.getKey() * 1000;
            }
        }
        return 0;
    }

    /** Used bytes of the old generation now, whatever the collector. */
    private static double oldGenUsed(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().startsWith("jvm_memory_pool_used_bytes{")
                        && (e.getKey().contains("Old Gen") || e.getKey().contains("Tenured")))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double sum(Map<String, Double> metrics, String prefix) {
        return metrics.entrySet().stream().filter(e -> e.getKey().equals(prefix) || e.getKey().startsWith(prefix + "{")
                        || prefix.contains("{") && e.getKey().startsWith(prefix.substring(0, prefix.length() - 1)))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private Map<String, Double> metrics(URI base) {
        Map<String, Double> values = new HashMap<>();
        try {
            String text = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // a timestamped or unusual line: not needed here
                }
            }
        } catch (IOException e) {
            System.out.println("metrics unavailable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    private static long procStatusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The machine's 1-minute load average: other builds on a shared machine show up here. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long openFds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long countRecords(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }
    }

    private void awaitReady(ChildJvm server, URI base) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited\n" + server.logTail(40));
            }
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server was not ready in 120 s\n" + server.logTail(40));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
