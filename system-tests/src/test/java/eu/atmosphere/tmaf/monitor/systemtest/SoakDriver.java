package eu.atmosphere.tmaf.monitor.systemtest;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
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
 * <li>Load: open loop, {@code --rate} requests per second, each a JSON array of {@code --batch} messages
 *     (unique messageIds, 16 resources). Latency is measured from the request's <em>intended</em> start, so a
 *     stalled server shows up as latency instead of as fewer requests.</li>
 * <li>End: every message answered 200 must be in Kafka: the record count of the topic equals the
 *     acknowledged message count (exit status 1 otherwise, or on any non-200 answer).</li>
 * </ul>
 */
public final class SoakDriver {

    private static final String TOPIC = "topic-monitor";
    private static final long PROBE = 1;
    private static final int RESOURCES = 16;
    private static final int MAX_OUTSTANDING = 2_000;

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
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final AtomicLong outstanding = new AtomicLong();
    private final LongAdder acknowledgedMessages = new LongAdder();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder unsent = new LongAdder();
    private final LongAdder non200 = new LongAdder();
    private final LongAdder totalUnsent = new LongAdder();
    private final LongAdder totalNon200 = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final List<Long> latencies = new ArrayList<>();
    private volatile boolean running = true;

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
        Thread load = new Thread(() -> load(base), "soak-load");
        load.start();
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (options.minutes() * 60e9);
        Map<String, Double> previous = metrics(base);
        List<Double> live = new ArrayList<>();
        System.out.println(header());
        long next = start;
        while (next < end) {
            next = Math.min(end, next + options.sampleSeconds() * 1_000_000_000L);
            LockSupport.parkNanos(next - System.nanoTime());
            Map<String, Double> current = metrics(base);
            Sample s = sample((next - start) / 1e9, server, current, previous);
            samples.add(s);
            System.out.println(row(s));
            if (samples.size() == 1 || next >= end) {
                live.add(liveHeapMb(server, base));
                current = metrics(base);   // the forced collection is not counted in the next interval
            }
            previous = current;
        }
        running = false;
        load.join();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long inKafka = countRecords(bootstrap);
        long acknowledged = acknowledgedMessages.sum();
        String verdict = String.format(Locale.ROOT, "answers: %s; unsent (more than %d outstanding): %d; messages "
                        + "acknowledged with 200: %d; records in Kafka: %d -> %s", new TreeMap<>(statuses), MAX_OUTSTANDING,
                totalUnsent.sum(), acknowledged, inKafka, inKafka == acknowledged ? "equal" : "DIFFERENT");
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
        boolean ok = inKafka == acknowledged && totalNon200.sum() == 0 && totalUnsent.sum() == 0;
        return ok ? 0 : 1;
    }

    /** Open loop: request n is due at start + n / rate, whatever happened to the earlier ones. */
    private void load(URI base) {
        URI monitor = base.resolve("/monitor");
        long period = 1_000_000_000L / options.rate();
        long start = System.nanoTime();
        for (long n = 0; running; n++) {
            long due = start + n * period;
            LockSupport.parkNanos(due - System.nanoTime());
            if (outstanding.get() >= MAX_OUTSTANDING) {
                unsent.increment();
                totalUnsent.increment();
                continue;
            }
            byte[] body = batch();
            outstanding.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(monitor).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        long latency = System.nanoTime() - due;
                        int status = failure == null ? response.statusCode() : -1;
                        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                        if (status == 200) {
                            acknowledgedMessages.add(options.batch());
                        } else {
                            non200.increment();
                            totalNon200.increment();
                        }
                        requests.increment();
                        messages.add(options.batch());
                        synchronized (latencies) {
                            latencies.add(latency);
                        }
                        outstanding.decrementAndGet();
                    });
        }
    }

    private byte[] batch() {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder b = new StringBuilder(options.batch() * 200).append('[');
        for (int i = 0; i < options.batch(); i++) {
            long id = nextMessageId.getAndIncrement();
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"probeId\":").append(PROBE).append(",\"resourceId\":").append(101_000 + id % RESOURCES)
                    .append(",\"messageId\":").append(id).append(",\"sentTime\":").append(now)
                    .append(",\"data\":[{\"type\":\"measurement\",\"descriptionId\":1,\"observations\":[{\"time\":")
                    .append(now).append(",\"value\":").append(id % 1000).append(".5}]}]}");
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private Sample sample(double seconds, ChildJvm server, Map<String, Double> now, Map<String, Double> before) {
        long[] window;
        synchronized (latencies) {
            window = latencies.stream().mapToLong(Long::longValue).toArray();
            latencies.clear();
        }
        Arrays.sort(window);
        long gcCount = Math.round(sum(now, "jvm_gc_collection_seconds_count") - sum(before, "jvm_gc_collection_seconds_count"));
        double gcMillis = 1000 * (sum(now, "jvm_gc_collection_seconds_sum") - sum(before, "jvm_gc_collection_seconds_sum"));
        Sample s = new Sample(String.format(Locale.ROOT, "%.1f", seconds / 60), requests.sumThenReset(),
                messages.sumThenReset(), non200.sumThenReset(), unsent.sumThenReset(), percentile(window, 0.50),
                percentile(window, 0.99), window.length == 0 ? 0 : window[window.length - 1] / 1e6,
                kafkaAckP99(now, before),
                procStatusKb(server.pid(), "VmRSS") / 1024.0, sum(now, "jvm_memory_used_bytes{area=\"heap\"}") / 1048576,
                oldGenUsed(now) / 1048576, gcCount, gcMillis, Math.round(sum(now, "jvm_threads_current")),
                openFds(server.pid()), loadAverage());
        return s;
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

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
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
