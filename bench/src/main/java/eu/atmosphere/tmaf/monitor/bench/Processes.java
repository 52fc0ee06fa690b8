package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import eu.atmosphere.tmaf.monitor.testsupport.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The child processes of a harness run: the Kafka broker ({@link BrokerMain}) and the servers under test, each a
 * JVM of its own on loopback and a free port, with their log files in the work directory; and the one-off
 * commands that prepare them ({@code dev-certs}, {@code probes add}, {@code jcmd}).
 */
final class Processes {

    /** The broker prints this, then its bootstrap address, when its topics exist. */
    static final String BROKER_READY = "BROKER READY ";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /**
     * The JVM options of the README's start command: every server of a run starts with them (then any
     * {@code --server-jvm-arg}), so the figures are those of the documented command. A test keeps them
     * equal to the README's.
     */
    static final List<String> DOCUMENTED_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

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

    private final Options options;
    private final Path work;
    private final Report report;
    private ChildJvm broker;
    private String secret;

    Processes(Options options, Path work, Report report) {
        this.options = options;
        this.work = work;
        this.report = report;
    }

    /** A running server under test. */
    record Server(String label, ChildJvm child, Target target, String authorization) implements AutoCloseable {

        double cpuSeconds() {
            return ProcStats.cpuSeconds(child.pid());
        }

        double peakRssMiB() {
            return ProcStats.peakRssMiB(child.pid());
        }

        /** SIGTERM, then SIGKILL after a grace period. */
        @Override
        public void close() {
            child.stop(STOP_GRACE);
        }
    }

    /** Starts the broker with the given topics ({@code name:partitions}) and returns its bootstrap address. */
    String startBroker(List<String> topics) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(work.resolve("kafka").toString(), Integer.toString(freePort())));
        args.addAll(topics);
        long t0 = System.nanoTime();
        broker = ChildJvm.builder("broker", BrokerMain.class.getName()).classPath(System.getProperty("java.class.path"))
                .args(args).workingDirectory(work).log(work.resolve("broker.log"))
                .readyLine(line -> line.startsWith(BROKER_READY)).start();
        String bootstrap = broker.awaitLine(Duration.ofSeconds(120)).substring(BROKER_READY.length()).trim();
        Harness.log(String.format(Locale.ROOT, "broker ready at %s in %.1f s (pid %d)", bootstrap,
                (System.nanoTime() - t0) / 1e9, broker.pid()));
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), BrokerMain.class.getName()));
        command.addAll(args);
        report.broker(bootstrap, command);
        return bootstrap;
    }

    double brokerCpuSeconds() {
        return ProcStats.cpuSeconds(broker.pid());
    }

    /** Records the broker's peak RSS and stops it. */
    void stopBroker() {
        if (broker != null) {
            report.brokerPeakRss(ProcStats.peakRssMiB(broker.pid()));
            broker.stop(STOP_GRACE);
        }
    }

    /** Starts a server of {@code --server-jar} with extra {@code serve} options. */
    Server startServer(String label, String bootstrap, List<String> extra, Path caFile, String authorization)
            throws Exception {
        return startServer(label, bootstrap, options.serverJar, List.of(), extra, caFile, authorization);
    }

    /** Starts a server with a JFR recording from launch (see {@link #JFR_SETTINGS}). */
    Server startProfiledServer(String label, String bootstrap, List<String> extra, Path caFile, String authorization)
            throws Exception {
        Files.writeString(jfrSettings(), JFR_SETTINGS);
        return startServer(label + " (JFR)", bootstrap, options.serverJar,
                List.of("-XX:StartFlightRecording=name=launch,settings=" + jfrSettings()), extra, caFile,
                authorization);
    }

    Path jfrSettings() {
        return work.resolve("bench.jfc");
    }

    Server startServer(String label, String bootstrap, Path jar, List<String> jvmExtra, List<String> extra,
                       Path caFile, String authorization) throws Exception {
        int port = freePort();
        List<String> jvm = new ArrayList<>(DOCUMENTED_JVM_OPTIONS);
        jvm.addAll(options.serverJvmArgs);
        jvm.addAll(jvmExtra);
        jvm.add("-XX:FlightRecorderOptions:stackdepth=256");
        List<String> args = new ArrayList<>(List.of("serve", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--kafka-bootstrap-servers", bootstrap, "--topic", Harness.TOPIC));
        args.addAll(extra);
        long t0 = System.nanoTime();
        ChildJvm child = ChildJvm.builder("server", "").jar(jar).jvmArgs(jvm).args(args).workingDirectory(work)
                .log(work.resolve("server-" + Harness.slug(label) + ".log")).start();
        Target target = Target.of((caFile == null ? "http" : "https") + "://127.0.0.1:" + port + "/monitor", caFile);
        try {
            awaitReady(child, target);
        } catch (Exception e) {
            child.stop(STOP_GRACE);
            throw e;
        }
        Harness.log(String.format(Locale.ROOT, "server [%s] ready at %s in %.1f s (pid %d)", label,
                target.host() + ":" + port, (System.nanoTime() - t0) / 1e9, child.pid()));
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        command.addAll(args);
        report.server(label, command);
        return new Server(label, child, target, authorization);
    }

    private static void awaitReady(ChildJvm child, Target target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        byte[] request = RawHttp.get(target, "/health/ready");
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IOException("the server exited; see " + child.log());
            }
            try (RawHttp.Connection connection = new RawHttp.Connection(target)) {
                if (connection.exchange(request).status() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IOException("the server was not ready within 90 s; see " + child.log(), last);
    }

    /** @return the CA file of the TLS servers */
    Path tlsCa() {
        return work.resolve("tls/ca.crt.pem");
    }

    /** @return the {@code serve} options of TLS, issuing the certificates with {@code dev-certs} the first time */
    List<String> tlsArguments() throws Exception {
        Path dir = work.resolve("tls");
        if (!Files.exists(tlsCa())) {
            exec(List.of(ChildJvm.javaExecutable(), "-jar", options.serverJar.toAbsolutePath().toString(), "dev-certs",
                    "--out", dir.toString(), "--name", "ip:127.0.0.1,dns:localhost"));
        }
        for (String file : List.of("ca.crt.pem", "server.crt.pem", "server.key.pem")) {
            if (!Files.exists(dir.resolve(file))) {
                throw new IOException("dev-certs did not write " + file + " into " + dir);
            }
        }
        return List.of("--tls-cert", dir.resolve("server.crt.pem").toString(), "--tls-key",
                dir.resolve("server.key.pem").toString());
    }

    /** @return the {@code serve} options of authentication, registering the probe with a random secret once */
    List<String> authArguments(long probeId) throws Exception {
        Path dir = work.resolve("auth");
        Path credentials = dir.resolve("probes.credentials");
        if (secret == null) {
            Files.createDirectories(dir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path secretFile = dir.resolve("secret");
            Files.writeString(secretFile, secret + "\n");
            exec(List.of(ChildJvm.javaExecutable(), "-jar", options.serverJar.toAbsolutePath().toString(), "probes",
                    "add", Long.toString(probeId), "--credentials-file", credentials.toString(), "--secret-file",
                    secretFile.toString()));
        }
        return List.of("--credentials-file", credentials.toString());
    }

    /** @return the Authorization header of the probe registered by {@link #authArguments} */
    String basicAuthorization(long probeId) {
        return "Basic " + Base64.getEncoder().encodeToString((probeId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits until the server's JIT has compiled what the load made hot: on a small machine the C2
     * compiler runs minutes behind a fresh JVM's load (thousands of methods queued, one compiler
     * thread), and a phase measured meanwhile measures the compiler, not the server.
     *
     * @return seconds waited, or -1 if the queue was still long at the limit (or jcmd is missing)
     */
    double awaitCompilation(Server server, Duration limit) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<String> command = List.of(jcmd.toString(), Long.toString(server.child().pid()), "Compiler.queue");
        while (queuedCompilations(exec(command)) > SETTLED_COMPILE_QUEUE) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(1000);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** At most this many methods waiting for the JIT counts as compiled: a warm server always queues a few. */
    private static final int SETTLED_COMPILE_QUEUE = 5;

    /** A queued method in a {@code jcmd Compiler.queue} listing: its compile id, then blanks (its flags and tier follow). */
    private static final Pattern QUEUED = Pattern.compile("^\\d+\\s");

    /** @return the number of methods waiting in a {@code jcmd Compiler.queue} listing */
    static int queuedCompilations(String listing) {
        return (int) listing.lines().filter(line -> QUEUED.matcher(line).find()).count();
    }

    /** Runs a command in the work directory; fails unless it exits 0 within two minutes. */
    String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", command) + "\n" + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
