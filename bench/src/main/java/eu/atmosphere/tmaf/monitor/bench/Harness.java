package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.bench.Processes.Server;
import eu.atmosphere.tmaf.monitor.testsupport.LoadGenerator;
import eu.atmosphere.tmaf.monitor.testsupport.LoadGenerator.Load;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import eu.atmosphere.tmaf.monitor.testsupport.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness behind {@code bench/run.sh}: starts a real single-node Kafka broker and
 * the monitor server (each in its own JVM, on loopback, free ports: {@link Processes}), drives load
 * phases with the shared {@link LoadGenerator} ({@link Phases}), runs Kafka's ProducerPerformance against
 * the same broker, checks that the records in Kafka equal the messages acknowledged with 200, measures
 * the server's CPU time and peak RSS, profiles it with JFR, and writes a Markdown report ({@link Report}).
 * This class holds what is run in which order.
 *
 * <pre>
 * bench/run.sh                 # full run (about 10 minutes on 2 cores)
 * bench/run.sh --smoke         # correctness only (records == acknowledgements), well under a minute
 * bench/run.sh load --url https://127.0.0.1:32025/monitor --ca-file ca.crt.pem --authorization "Basic ..." \
 *              --rate 1000 --seconds 20     # the load generator alone against a running server
 * </pre>
 */
public final class Harness {

    static final String TOPIC = "topic-monitor";
    static final String PP_TOPIC = "bench-producer-performance";
    static final String PP_JSON_TOPIC = "bench-producer-performance-json";

    static final String PLAIN = "plain";
    static final String SINGLE = "single, saturation";
    static final String BATCH_10 = "batch of 10, saturation";
    static final String BATCH_100 = "batch of 100, saturation";
    static final String TLS = "TLS";
    static final String AUTH = "auth (Basic)";
    static final String TLS_AUTH = "TLS + auth (Basic)";

    private final Options options;
    private final Report report;
    private final Path work;
    private final Processes processes;
    private String bootstrap;
    private byte[] message;
    private long probeId;
    private Phases phases;

    private Harness(Options options) throws IOException {
        this.options = options;
        this.work = options.out.toAbsolutePath();
        Files.createDirectories(work);
        this.report = new Report(options, work);
        this.processes = new Processes(options, work, report);
    }

    /** @param args see {@link Options} and {@code bench/run.sh --help} */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        if (options.mode == Options.Mode.LOAD) {
            System.exit(loadOnly(options));
        }
        System.exit(new Harness(options).run());
    }

    /** The generator alone against a server someone else runs. */
    private static int loadOnly(Options o) throws Exception {
        Target target = Target.of(o.url, o.caFile);
        byte[] body = Files.readAllBytes(o.body);
        Load load = new Load("load", new byte[][] {RawHttp.postJson(target, body, o.authorization)},
                Messages.topLevelArrayLength(body), o.connections > 0 ? o.connections : (o.rate > 0 ? 64 : 32), o.rate,
                Duration.ofSeconds(o.seconds));
        LoadGenerator.Result r = LoadGenerator.run(target, load);
        System.out.println(Report.describe(r));
        return r.unknown() == 0 && r.failed() == 0 ? 0 : 1;
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        message = Messages.minify(Files.readAllBytes(options.message));
        probeId = Messages.longField(message, "probeId");
        report.start(message.length);
        log("work directory " + work + "; load average " + ProcStats.loadAverage());
        boolean failed = false;
        KafkaCounts counts = null;
        try {
            bootstrap = processes.startBroker(List.of(TOPIC + ":3", PP_TOPIC + ":3", PP_JSON_TOPIC + ":3"));
            counts = new KafkaCounts(bootstrap);
            phases = new Phases(processes, counts, report, message);
            if (options.mode == Options.Mode.SMOKE) {
                smoke();
            } else {
                full();
            }
            phases.verifyTopic();
        } catch (Exception e) {
            report.failure(e);
            failed = true;
            e.printStackTrace();
        } finally {
            if (counts != null) {
                counts.close();
            }
            processes.stopBroker();
        }
        boolean correct = !failed && phases.correct();
        report.finish((System.nanoTime() - started) / 1e9, correct);
        Path file = report.write();
        System.out.println();
        System.out.println(Files.readString(file));
        log("report: " + file);
        log(correct ? "CORRECT: records in Kafka == messages acknowledged with 200"
                : "INCORRECT: see the report (records != acknowledgements, unknown outcomes, or a failure)");
        return correct ? 0 : 1;
    }

    private void smoke() throws Exception {
        try (Server server = processes.startServer(PLAIN, bootstrap, List.of(), null, null)) {
            phases.run(server, "single, saturation", 1, 8, 0, 3);
            phases.run(server, "single, open loop", 1, 8, 300, 3);
            phases.run(server, "batch of 10, saturation", 10, 4, 0, 2);
            phases.run(server, "batch of 100, saturation", 100, 2, 0, 2);
            report.serverPeakRss(server.label(), server.peakRssMiB());
        }
    }

    /**
     * The full run. Everything that a target compares is measured in interleaved rounds: in each
     * round the plain server, Kafka's ProducerPerformance and the TLS/auth servers (all running at
     * once against the same broker) take their turn, so background load on a shared machine
     * spreads over all of them; the report gives medians of the per-round ratios.
     */
    private void full() throws Exception {
        int s = options.seconds;
        int batchSeconds = Math.max(3, s * 5 / 8);
        List<Server> servers = new ArrayList<>();
        try {
            Server plain = processes.startServer(PLAIN, bootstrap, List.of(), null, null);
            servers.add(plain);
            warmUp(plain);
            servers.addAll(securityServers());
            for (Server server : servers.subList(1, servers.size())) {
                warmUp(server);
            }
            for (int round = 1; round <= options.rounds; round++) {
                for (Server server : servers) {
                    phases.run(server, SINGLE + ", round " + round, 1, options.connections, 0, s);
                    phases.run(server, BATCH_100 + ", round " + round, 100, options.batchConnections, 0, batchSeconds);
                    if (server == plain) {
                        for (int rate : options.rates) {
                            phases.run(plain, openLoop(rate) + ", round " + round, 1, 64, rate, s);
                        }
                        producerPerformance(round);
                        producerPerformanceJson(round);
                    }
                }
            }
            phases.run(plain, BATCH_10, 10, options.batchConnections * 4, 0, batchSeconds);
        } finally {
            for (Server server : servers) {
                report.serverPeakRss(server.label(), server.peakRssMiB());
                server.close();
            }
        }
        if (options.profile) {
            profiles();
        }
    }

    /**
     * Single messages on a few connections first (a cold server on a small machine takes 256 TLS
     * handshakes at once slower than its 10 s header deadline), then single messages and batches at
     * saturation, then a wait until the JIT caught up (at most {@link #COMPILATION_WAIT}), so that
     * every measured phase runs compiled code.
     */
    private void warmUp(Server server) throws Exception {
        phases.run(server, "warm-up (single, 16 connections)", 1, 16, 0, 5);
        phases.run(server, "warm-up (single, saturation)", 1, options.connections, 0, 10);
        phases.run(server, "warm-up (batch of 100, saturation)", 100, options.batchConnections, 0, 5);
        double waited = processes.awaitCompilation(server, COMPILATION_WAIT);
        log(waited < 0 ? String.format(Locale.ROOT, "server [%s]: the JIT's queue was still long after %d s",
                server.label(), COMPILATION_WAIT.toSeconds())
                : String.format(Locale.ROOT, "server [%s]: JIT caught up %.0f s after the warm-up", server.label(), waited));
        if (waited < 0) {
            report.note("server [" + server.label() + "]: the JIT's compile queue was still long " + COMPILATION_WAIT.toSeconds()
                    + " s after the warm-up; its first phases ran partly interpreted");
        }
    }

    /** Longest wait for the JIT after a warm-up. */
    private static final Duration COMPILATION_WAIT = Duration.ofSeconds(90);

    /**
     * JFR profiles, each on a fresh server started with a recording from launch: starting JFR
     * in a running JVM deoptimises compiled code for a long time (the recorded phase then cost
     * 3–5 times the CPU per message), so the measured phases above run without JFR and the
     * profiles come from servers of their own, warmed up with the recording already on.
     */
    private void profiles() throws Exception {
        int s = options.seconds;
        Features features = Features.of(options.serverJar);
        try (Server plain = profiledServer(PLAIN, List.of(), null, null)) {
            phases.profiled(plain, SINGLE, 1, options.connections, s, work);
            phases.profiled(plain, BATCH_100, 100, options.batchConnections, Math.max(3, s * 5 / 8), work);
        }
        if (options.tls && features.tls()) {
            try (Server tls = profiledServer(TLS, processes.tlsArguments(), processes.tlsCa(), null)) {
                phases.profiled(tls, SINGLE, 1, options.connections, s, work);
            }
        }
        if (options.auth && features.auth()) {
            try (Server auth = profiledServer(AUTH, processes.authArguments(probeId), null,
                    processes.basicAuthorization(probeId))) {
                phases.profiled(auth, SINGLE, 1, options.connections, s, work);
            }
        }
    }

    private Server profiledServer(String label, List<String> extra, Path caFile, String authorization)
            throws Exception {
        Server server = processes.startProfiledServer(label, bootstrap, extra, caFile, authorization);
        warmUp(server);
        return server;
    }

    static String openLoop(int rate) {
        return String.format(Locale.ROOT, "single, open loop %,d/s", rate);
    }

    /** The TLS, auth and TLS + auth servers this server jar supports (none before auth/TLS was merged). */
    private List<Server> securityServers() {
        Features features = Features.of(options.serverJar);
        report.features(features);
        boolean tls = options.tls && features.tls();
        boolean auth = options.auth && features.auth();
        List<Server> servers = new ArrayList<>();
        try {
            for (Path jar : options.compareJars) {
                servers.add(processes.startServer(candidate(jar), bootstrap, jar, List.of(), List.of(), null, null));
            }
            if (tls) {
                servers.add(processes.startServer(TLS, bootstrap, processes.tlsArguments(), processes.tlsCa(), null));
            }
            if (auth) {
                servers.add(processes.startServer(AUTH, bootstrap, processes.authArguments(probeId), null,
                        processes.basicAuthorization(probeId)));
            }
            if (tls && auth) {
                List<String> both = new ArrayList<>(processes.tlsArguments());
                both.addAll(processes.authArguments(probeId));
                servers.add(processes.startServer(TLS_AUTH, bootstrap, both, processes.tlsCa(),
                        processes.basicAuthorization(probeId)));
            }
        } catch (Exception e) {
            log("TLS/auth servers incomplete: " + e);
            report.note("TLS/auth servers incomplete: " + e.getMessage());
        }
        return servers;
    }

    /** @return the label of a --compare-jar server: its directory's name */
    static String candidate(Path jar) {
        Path dir = jar.toAbsolutePath().getParent();
        return "candidate " + (dir == null || dir.getFileName() == null ? jar.toString() : dir.getFileName().toString());
    }

    /** The reference of the ratios: random records of the message's size, acks=all, producer defaults. */
    private void producerPerformance(int round) throws Exception {
        ProducerPerf.Result random = ProducerPerf.run(String.format(Locale.ROOT,
                        "random %d B records, acks=all, producer defaults, round %d", message.length, round),
                System.getProperty("java.class.path"), PP_TOPIC, options.producerRecords, message.length, null,
                List.of("bootstrap.servers=" + bootstrap, "acks=all"),
                work.resolve("producer-performance-" + round + ".log"));
        report.producer(random, round, false);
        log(String.format(Locale.ROOT, "ProducerPerformance %s: %.0f records/s", random.label(), random.recordsPerSecond()));
    }

    /** Kafka's ceiling for this very data: the JSON message with the server's producer settings. */
    private void producerPerformanceJson(int round) throws Exception {
        Path payload = work.resolve("payload.txt");
        Files.write(payload, message);
        ProducerPerf.Result json = ProducerPerf.run(String.format(Locale.ROOT, "the JSON message, the server's producer "
                        + "settings (acks=all, lz4, linger.ms=5, batch.size=128 KiB), round %d", round),
                System.getProperty("java.class.path"), PP_JSON_TOPIC, options.producerRecords * 3, 0, payload,
                List.of("bootstrap.servers=" + bootstrap, "acks=all", "compression.type=lz4", "linger.ms=5",
                        "batch.size=131072"), work.resolve("producer-performance-json-" + round + ".log"));
        report.producer(json, round, true);
        log(String.format(Locale.ROOT, "ProducerPerformance %s: %.0f records/s", json.label(), json.recordsPerSecond()));
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static void log(String line) {
        System.out.println(DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now())
                + " bench: " + line);
        System.out.flush();
    }
}
