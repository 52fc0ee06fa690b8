package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.bench.LoadGenerator.Load;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark harness behind {@code bench/run.sh}: starts a real single-node Kafka broker and
 * the monitor server (each in its own JVM, on loopback, free ports), drives load with
 * {@link LoadGenerator}, runs Kafka's ProducerPerformance against the same broker, checks that the
 * records in Kafka equal the messages acknowledged with 200, measures the server's CPU time and
 * peak RSS, profiles it with JFR, and writes a Markdown report.
 *
 * <pre>
 * bench/run.sh                 # full run (about 6.5 minutes)
 * bench/run.sh --smoke         # correctness only (records == acknowledgements), well under a minute
 * bench/run.sh load --url https://127.0.0.1:32025/monitor --ca-file ca.crt.pem --authorization "Basic ..." \
 *              --rate 1000 --seconds 20     # the load generator alone against a running server
 * </pre>
 */
public final class Harness {

    static final String TOPIC = "topic-monitor";
    static final String PP_TOPIC = "bench-producer-performance";
    static final String PP_JSON_TOPIC = "bench-producer-performance-json";
    /**
     * Connection {@code i} posts for resource {@code resourceId + i % RESOURCES}: many resources, as
     * in a deployment, so the records spread over the partitions (the key is the resourceId).
     */
    static final int RESOURCES = 16;

    /** The original monitor (Flask, one synchronous gunicorn worker awaiting Kafka) on this machine, issue 8. */
    static final double ORIGINAL_REQUESTS_PER_SECOND = 430;
    /** ProducerPerformance on this machine in the same measurement, issue 8. */
    static final double ORIGINAL_RUN_PRODUCER_RECORDS_PER_SECOND = 23_000;

    private final Options options;
    private final Report report;
    private final Path work;
    private Child broker;
    private String bootstrap;
    private KafkaCounts counts;
    private byte[] message;
    private long resourceId;
    private long probeId;
    private boolean correct = true;

    private Harness(Options options) throws IOException {
        this.options = options;
        this.work = options.out.toAbsolutePath();
        Files.createDirectories(work);
        this.report = new Report(options, work);
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
        int messages = Json.topLevelArrayLength(body);
        Load load = new Load("load", new byte[][] {HttpConnection.postRequest(target, target.path(), body, o.authorization)},
                Math.max(messages, 1), o.connections > 0 ? o.connections : (o.rate > 0 ? 64 : 32), o.rate,
                Duration.ofSeconds(o.seconds));
        LoadGenerator.Result r = LoadGenerator.run(target, load);
        System.out.println(Report.describe(r));
        return r.unknown() == 0 && r.failed() == 0 ? 0 : 1;
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        message = Json.minify(Files.readAllBytes(options.message));
        resourceId = Json.longField(message, "resourceId");
        probeId = Json.longField(message, "probeId");
        report.start(message.length);
        log("work directory " + work + "; load average " + ProcStats.loadAverage());
        try {
            startBroker();
            counts = new KafkaCounts(bootstrap);
            if (options.mode == Options.Mode.SMOKE) {
                smoke();
            } else {
                full();
            }
            verifyTopic();
        } catch (Exception e) {
            report.failure(e);
            correct = false;
            e.printStackTrace();
        } finally {
            if (counts != null) {
                counts.close();
            }
            if (broker != null) {
                report.brokerPeakRss(broker.peakRssMiB());
                broker.close();
            }
        }
        report.finish((System.nanoTime() - started) / 1e9, correct);
        Path file = report.write();
        System.out.println();
        System.out.println(Files.readString(file));
        log("report: " + file);
        log(correct ? "CORRECT: records in Kafka == messages acknowledged with 200"
                : "INCORRECT: see the report (records != acknowledgements, unknown outcomes, or a failure)");
        return correct ? 0 : 1;
    }

    // ---------------------------------------------------------------- runs

    private void smoke() throws Exception {
        try (Server server = startServer("plain", List.of(), null, null)) {
            phase(server, "single, saturation", 1, 8, 0, 3);
            phase(server, "single, open loop", 1, 8, 300, 3);
            phase(server, "batch of 10, saturation", 10, 4, 0, 2);
            phase(server, "batch of 100, saturation", 100, 2, 0, 2);
            server.recordPeakRss();
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
            Server plain = startServer(PLAIN, List.of(), null, null);
            servers.add(plain);
            phase(plain, "warm-up (single, saturation)", 1, options.connections, 0, 10);
            servers.addAll(securityServers());
            for (Server server : servers.subList(1, servers.size())) {
                phase(server, "warm-up (single, saturation)", 1, options.connections, 0, 10);
            }
            for (int round = 1; round <= options.rounds; round++) {
                for (Server server : servers) {
                    phase(server, SINGLE + ", round " + round, 1, options.connections, 0, s);
                    phase(server, BATCH_100 + ", round " + round, 100, options.batchConnections, 0, batchSeconds);
                    if (server == plain) {
                        for (int rate : options.rates) {
                            phase(plain, openLoop(rate) + ", round " + round, 1, 64, rate, s);
                        }
                        producerPerformance(round);
                    }
                }
            }
            phase(plain, BATCH_10, 10, options.batchConnections * 4, 0, batchSeconds);
            producerPerformanceJson();
        } finally {
            for (Server server : servers) {
                server.recordPeakRss();
                server.close();
            }
        }
        if (options.profile) {
            profiles();
        }
    }

    /**
     * JFR profiles, each on a fresh server started with a recording from launch: starting JFR
     * in a running JVM deoptimises compiled code for a long time (the recorded phase then cost
     * 3–5 times the CPU per message), so the measured phases above run without JFR and the
     * profiles come from servers of their own, warmed up with the recording already on.
     */
    private void profiles() throws Exception {
        int s = options.seconds;
        Features features = Features.of(options.serverJar);
        try (Server plain = startProfiledServer(PLAIN, List.of(), null, null)) {
            phase(plain, "warm-up (batch of 100, saturation)", 100, options.batchConnections, 0, 5);
            profiled(plain, SINGLE, 1, options.connections, s);
            profiled(plain, BATCH_100, 100, options.batchConnections, Math.max(3, s * 5 / 8));
        }
        if (options.tls && features.tls()) {
            try (Server tls = startProfiledServer(TLS, tlsArguments(), work.resolve("tls/ca.crt.pem"), null)) {
                profiled(tls, SINGLE, 1, options.connections, s);
            }
        }
        if (options.auth && features.auth()) {
            try (Server auth = startProfiledServer(AUTH, authArguments(), null, basicAuthorization())) {
                profiled(auth, SINGLE, 1, options.connections, s);
            }
        }
    }

    private Server startProfiledServer(String label, List<String> extra, Path caFile, String authorization)
            throws Exception {
        Path settings = work.resolve("bench.jfc");
        Files.writeString(settings, JFR_SETTINGS);
        Server server = startServer(label + " (JFR)", options.serverJar,
                List.of("-XX:StartFlightRecording=name=launch,settings=" + settings), extra, caFile, authorization);
        phase(server, "warm-up (single, saturation)", 1, options.connections, 0, 10);
        return server;
    }

    static final String PLAIN = "plain";
    static final String SINGLE = "single, saturation";
    static final String BATCH_10 = "batch of 10, saturation";
    static final String BATCH_100 = "batch of 100, saturation";

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
                servers.add(startServer(candidate(jar), jar, List.of(), null, null));
            }
            if (tls) {
                servers.add(startServer(TLS, tlsArguments(), work.resolve("tls/ca.crt.pem"), null));
            }
            if (auth) {
                servers.add(startServer(AUTH, authArguments(), null, basicAuthorization()));
            }
            if (tls && auth) {
                List<String> both = new ArrayList<>(tlsArguments());
                both.addAll(authArguments());
                servers.add(startServer(TLS_AUTH, both, work.resolve("tls/ca.crt.pem"), basicAuthorization()));
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
    static final String TLS = "TLS";
    static final String AUTH = "auth (Basic)";
    static final String TLS_AUTH = "TLS + auth (Basic)";

    /**
     * JFR settings of the profile: CPU samples every 10 ms, allocation samples throttled to 50/s,
     * per-thread allocation totals, GC, and locks/parks beyond 10 ms. Lighter than the JDK's
     * {@code profile} settings, whose allocation sampling with deep (Jersey) stacks made the
     * recorded phase cost about 4 times the CPU per message and inflated allocation-heavy code.
     */
    static final String JFR_SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="tma-bench" description="CPU samples for bench/run.sh">
              <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
              <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">20 ms</setting></event>
              <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting><setting name="stackTrace">true</setting><setting name="throttle">50/s</setting></event>
              <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
              <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
              <event name="jdk.JavaMonitorEnter"><setting name="enabled">true</setting><setting name="stackTrace">true</setting><setting name="threshold">10 ms</setting></event>
              <event name="jdk.ThreadPark"><setting name="enabled">true</setting><setting name="stackTrace">true</setting><setting name="threshold">10 ms</setting></event>
              <event name="jdk.CPULoad"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
            </configuration>
            """;

    private void profiled(Server server, String name, int batch, int connections, int seconds) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            report.note("no profile: " + jcmd + " missing (a JRE without jcmd)");
            return;
        }
        Path recording = work.resolve("server-" + slug(server.label) + "-" + slug(name) + ".jfr");
        // a second recording, started after the warm-up: the server runs one since launch (no deoptimisation now)
        String pid = Long.toString(server.child.pid());
        exec(List.of(jcmd.toString(), pid, "JFR.start", "name=bench", "settings=" + work.resolve("bench.jfc")));
        Phase phase = phase(server, name + ", with JFR", batch, connections, 0, seconds);
        exec(List.of(jcmd.toString(), pid, "JFR.stop", "name=bench", "filename=" + recording));
        report.profile(phase, recording, JfrSummary.summarise(recording, phase.result().ok(), phase.result().messagesOk()));
    }

    /** The reference of the ratios: random records of the message's size, acks=all, producer defaults. */
    private void producerPerformance(int round) throws Exception {
        ProducerPerf.Result random = ProducerPerf.run(String.format(Locale.ROOT,
                        "random %d B records, acks=all, producer defaults, round %d", message.length, round),
                System.getProperty("java.class.path"), PP_TOPIC, options.producerRecords, message.length, null,
                List.of("bootstrap.servers=" + bootstrap, "acks=all"),
                work.resolve("producer-performance-" + round + ".log"));
        report.producer(random, round);
        log(String.format(Locale.ROOT, "ProducerPerformance %s: %.0f records/s", random.label(), random.recordsPerSecond()));
    }

    /** Kafka's ceiling for this very data: the JSON message with the server's producer settings. */
    private void producerPerformanceJson() throws Exception {
        Path payload = work.resolve("payload.txt");
        Files.write(payload, message);
        ProducerPerf.Result json = ProducerPerf.run("the JSON message, the server's producer settings (acks=all, lz4, "
                        + "linger.ms=5, batch.size=128 KiB)", System.getProperty("java.class.path"), PP_JSON_TOPIC,
                options.producerRecords * 3, 0, payload, List.of("bootstrap.servers=" + bootstrap, "acks=all",
                        "compression.type=lz4", "linger.ms=5", "batch.size=131072"),
                work.resolve("producer-performance-json.log"));
        report.producer(json, 0);
        log(String.format(Locale.ROOT, "ProducerPerformance %s: %.0f records/s", json.label(), json.recordsPerSecond()));
    }

    // ---------------------------------------------------------------- phases

    /** One phase, with its exact correctness check and resource figures. */
    record Phase(String server, LoadGenerator.Result result, long recordsDelta, double serverCpu, double brokerCpu,
                 double generatorCpu, double machineBusy, double wallSeconds, String loadAverage) {

        boolean exact() {
            return recordsDelta == result.messagesOk() && result.unknown() == 0;
        }
    }

    private Phase phase(Server server, String name, int batch, int connections, double rate, int seconds)
            throws Exception {
        byte[][] requests = new byte[connections][];
        for (int i = 0; i < connections; i++) {
            byte[] one = Json.withResourceId(message, resourceId + i % RESOURCES);
            byte[] body = batch == 1 ? one : Json.batch(one, batch);
            requests[i] = HttpConnection.postRequest(server.target, server.target.path(), body, server.authorization);
        }
        Load load = new Load(name, requests, batch, connections, rate, Duration.ofSeconds(seconds));
        long before = counts.endOffsets(TOPIC);
        double serverCpu = server.child.cpuSeconds();
        double brokerCpu = broker.cpuSeconds();
        double selfCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        double[] machine = ProcStats.machineCpuSeconds();
        long t0 = System.nanoTime();
        LoadGenerator.Result result = LoadGenerator.run(server.target, load);
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] machineAfter = ProcStats.machineCpuSeconds();
        Phase phase = new Phase(server.label, result, counts.endOffsets(TOPIC) - before,
                server.child.cpuSeconds() - serverCpu, broker.cpuSeconds() - brokerCpu,
                ProcStats.cpuSeconds(ProcessHandle.current().pid()) - selfCpu, machineAfter[0] - machine[0], wall,
                ProcStats.loadAverage());
        report.phase(phase);
        log(server.label + " | " + Report.describe(result) + String.format(Locale.ROOT,
                " | records in Kafka +%d (%s) | load %s", phase.recordsDelta(), phase.exact() ? "exact" : "MISMATCH",
                phase.loadAverage()));
        if (!phase.exact()) {
            correct = false;
        }
        return phase;
    }

    private void verifyTopic() {
        if (counts == null) {
            return;
        }
        KafkaCounts.Scan scan = counts.scan(TOPIC);
        long acknowledged = report.acknowledgedMessages();
        report.scan(scan, acknowledged);
        log(String.format(Locale.ROOT, "topic %s read back: %d records, %d acknowledged with 200, %d bad keys, %d bad values",
                TOPIC, scan.records(), acknowledged, scan.badKeys(), scan.badValues()));
        if (scan.records() != acknowledged || scan.badKeys() != 0 || scan.badValues() != 0) {
            correct = false;
        }
    }

    // ---------------------------------------------------------------- processes

    private void startBroker() throws Exception {
        int port = freePort();
        List<String> command = List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), work.resolve("kafka").toString(), Integer.toString(port),
                TOPIC + ":3", PP_TOPIC + ":3", PP_JSON_TOPIC + ":3");
        long t0 = System.nanoTime();
        broker = Child.start("broker", command, work, work.resolve("broker.log"), line -> line.startsWith("BROKER READY "));
        bootstrap = broker.awaitLine(Duration.ofSeconds(120)).substring("BROKER READY ".length()).trim();
        log(String.format(Locale.ROOT, "broker ready at %s in %.1f s (pid %d)", bootstrap, (System.nanoTime() - t0) / 1e9,
                broker.pid()));
        report.broker(bootstrap, command);
    }

    /** A running server under test. */
    final class Server implements AutoCloseable {
        final String label;
        final Child child;
        final Target target;
        final String authorization;

        Server(String label, Child child, Target target, String authorization) {
            this.label = label;
            this.child = child;
            this.target = target;
            this.authorization = authorization;
        }

        void recordPeakRss() {
            report.serverPeakRss(label, child.peakRssMiB());
        }

        @Override
        public void close() {
            child.close();
        }
    }

    private Server startServer(String label, List<String> extra, Path caFile, String authorization) throws Exception {
        return startServer(label, options.serverJar, List.of(), extra, caFile, authorization);
    }

    private Server startServer(String label, Path jar, List<String> extra, Path caFile, String authorization)
            throws Exception {
        return startServer(label, jar, List.of(), extra, caFile, authorization);
    }

    private Server startServer(String label, Path jar, List<String> jvmExtra, List<String> extra, Path caFile,
                               String authorization) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(options.serverJvmArgs);
        command.addAll(jvmExtra);
        command.addAll(List.of("-XX:FlightRecorderOptions:stackdepth=256", "-jar",
                jar.toAbsolutePath().toString(), "serve", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--kafka-bootstrap-servers", bootstrap, "--topic", TOPIC));
        command.addAll(extra);
        long t0 = System.nanoTime();
        Child child = Child.start("server", command, work, work.resolve("server-" + slug(label) + ".log"), null);
        String scheme = caFile == null ? "http" : "https";
        Target target = Target.of(scheme + "://127.0.0.1:" + port + "/monitor", caFile);
        try {
            awaitReady(child, target);
        } catch (Exception e) {
            child.close();
            throw e;
        }
        log(String.format(Locale.ROOT, "server [%s] ready at %s in %.1f s (pid %d)", label, target.host() + ":" + port,
                (System.nanoTime() - t0) / 1e9, child.pid()));
        report.server(label, command);
        return new Server(label, child, target, authorization);
    }

    private static void awaitReady(Child child, Target target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        byte[] request = HttpConnection.getRequest(target, "/health/ready");
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IOException("the server exited; see " + child.log());
            }
            try (HttpConnection connection = new HttpConnection(target)) {
                if (connection.exchange(request) == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IOException("the server was not ready within 90 s; see " + child.log(), last);
    }

    private List<String> tlsArguments() throws Exception {
        Path dir = work.resolve("tls");
        if (!Files.exists(dir.resolve("ca.crt.pem"))) {
            exec(List.of(javaExecutable(), "-jar", options.serverJar.toAbsolutePath().toString(), "dev-certs", "--out",
                    dir.toString(), "--name", "ip:127.0.0.1,dns:localhost"));
        }
        for (String file : List.of("ca.crt.pem", "server.crt.pem", "server.key.pem")) {
            if (!Files.exists(dir.resolve(file))) {
                throw new IOException("dev-certs did not write " + file + " into " + dir);
            }
        }
        return List.of("--tls-cert", dir.resolve("server.crt.pem").toString(), "--tls-key",
                dir.resolve("server.key.pem").toString());
    }

    private String secret;

    private List<String> authArguments() throws Exception {
        Path dir = work.resolve("auth");
        Path credentials = dir.resolve("probes.credentials");
        if (secret == null) {
            Files.createDirectories(dir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path secretFile = dir.resolve("secret");
            Files.writeString(secretFile, secret + "\n");
            exec(List.of(javaExecutable(), "-jar", options.serverJar.toAbsolutePath().toString(), "probes", "add",
                    Long.toString(probeId), "--credentials-file", credentials.toString(), "--secret-file",
                    secretFile.toString()));
        }
        return List.of("--credentials-file", credentials.toString());
    }

    private String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((probeId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", command) + "\n" + out);
        }
        return out;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static void log(String line) {
        System.out.println(DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now())
                + " bench: " + line);
        System.out.flush();
    }

    /** What the server jar offers (detected from its --help): auth and TLS arrived after the first server. */
    record Features(boolean tls, boolean auth, String help) {
        static Features of(Path serverJar) {
            try {
                Process p = new ProcessBuilder(javaExecutable(), "-jar", serverJar.toAbsolutePath().toString(), "serve",
                        "--help").redirectErrorStream(true).start();
                String serve = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(1, TimeUnit.MINUTES);
                Process q = new ProcessBuilder(javaExecutable(), "-jar", serverJar.toAbsolutePath().toString(), "--help")
                        .redirectErrorStream(true).start();
                String main = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                q.waitFor(1, TimeUnit.MINUTES);
                return new Features(serve.contains("--tls-cert") && main.contains("dev-certs"),
                        serve.contains("--credentials-file") && main.contains("probes"), serve);
            } catch (IOException e) {
                return new Features(false, false, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Features(false, false, e.toString());
            }
        }
    }

    /** Minimal JSON helpers for the message file (no JSON library on purpose: the bench must not share the server's). */
    static final class Json {
        private static final Pattern FIELD = Pattern.compile("\"%s\"\\s*:\\s*(-?\\d+)");

        private Json() {
        }

        /** Removes whitespace outside strings, so a single message and a batch item have the same size in Kafka. */
        static byte[] minify(byte[] json) {
            StringBuilder out = new StringBuilder(json.length);
            String text = new String(json, StandardCharsets.UTF_8);
            boolean inString = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inString) {
                    out.append(c);
                    if (c == '\\') {
                        out.append(text.charAt(++i));
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                    out.append(c);
                } else if (!Character.isWhitespace(c)) {
                    out.append(c);
                }
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        static byte[] batch(byte[] message, int n) {
            byte[] out = new byte[2 + n * message.length + (n - 1)];
            int p = 0;
            out[p++] = '[';
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out[p++] = ',';
                }
                System.arraycopy(message, 0, out, p, message.length);
                p += message.length;
            }
            out[p] = ']';
            return out;
        }

        /** @return the message with its top-level integer resourceId replaced (same length when the digits are) */
        static byte[] withResourceId(byte[] message, long id) {
            String text = new String(message, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile(String.format(FIELD.pattern(), "resourceId")).matcher(text);
            if (!m.find()) {
                throw new IllegalArgumentException("the message has no integer field resourceId");
            }
            return (text.substring(0, m.start(1)) + id + text.substring(m.end(1))).getBytes(StandardCharsets.UTF_8);
        }

        static long longField(byte[] message, String name) {
            Matcher m = Pattern.compile(String.format(FIELD.pattern(), name)).matcher(new String(message, StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new IllegalArgumentException("the message has no integer field " + name);
            }
            return Long.parseLong(m.group(1));
        }

        /** @return the number of items if the body is a top-level array of objects, else 1 */
        static int topLevelArrayLength(byte[] body) {
            String text = new String(minify(body), StandardCharsets.UTF_8);
            if (!text.startsWith("[")) {
                return 1;
            }
            int depth = 0;
            int items = 0;
            boolean inString = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    if (depth == 1 && c == '{') {
                        items++;
                    }
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            }
            return items;
        }
    }
}
