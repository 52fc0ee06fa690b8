package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.server.auth.AuthenticatedProbe;
import eu.atmosphere.tmaf.monitor.server.auth.AuthenticationException;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeAuthenticator;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import eu.atmosphere.tmaf.monitor.server.auth.TokenService;
import eu.atmosphere.tmaf.monitor.testsupport.LoadGenerator;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import eu.atmosphere.tmaf.monitor.testsupport.Target;
import eu.atmosphere.tmaf.monitor.testsupport.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests per second of {@code POST /monitor} with authentication off/Bearer/Basic and TLS
 * off/on, in one run against one embedded Kafka broker: all servers run at once and the
 * scenarios are measured in interleaved rounds (median reported), so background load on a
 * shared machine spreads over all of them. Opt-in (about four minutes):
 *
 * <pre>
 * mvn -B -o -pl monitor-server test -Dtest=ThroughputBenchmark -Dtma.bench=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Uses {@code wrk} (Debian package {@code wrk}) with {@code src/test/resources/wrk/post-message.lua}
 * when installed, else the project's {@link LoadGenerator} (closed loop). Prints a Markdown table and writes it to
 * {@code target/throughput.md}. Settings: {@code -Dtma.bench.seconds=8 -Dtma.bench.rounds=3
 * -Dtma.bench.connections=32}.
 */
@EnabledIfSystemProperty(named = "tma.bench", matches = "true")
class ThroughputBenchmark {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int SECONDS = Integer.getInteger("tma.bench.seconds", 8);
    private static final int ROUNDS = Integer.getInteger("tma.bench.rounds", 3);
    private static final int CONNECTIONS = Integer.getInteger("tma.bench.connections", 32);
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern LATENCY_99 = Pattern.compile("\\s99%\\s+([0-9.]+\\w+)");

    @TempDir
    Path directory;

    private record Scenario(boolean secure, String auth, boolean closeEach, URI target, String authorization) {
    }

    private record Row(double rate, String p99, long failures) {
    }

    @Test
    void measureAuthAndTlsOverhead() throws Exception {
        String topic = KAFKA.createUniqueTopic("topic-monitor-bench", 3);
        Path credentials = SecretFiles.credentials(directory, Map.of(1098L, "pass"), SecretHashes.DEFAULT_ITERATIONS);
        TestCa.Issued tls = TestCa.files();
        String message = TestHttp.SEED_MESSAGE.replace("\"probeId\":0", "\"probeId\":1098");
        Path script = directory.resolve("post-message.lua");
        try (InputStream in = ThroughputBenchmark.class.getResourceAsStream("/wrk/post-message.lua")) {
            Files.write(script, in.readAllBytes());
        }
        boolean wrk = onPath("wrk");
        List<MonitorServer> servers = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        try {
            for (boolean secure : List.of(false, true)) {
                for (String auth : List.of("none (anonymous)", "Bearer token", "Basic (cached)")) {
                    ServerConfig.Builder config = ServerConfig.builder().port(0).topic(topic)
                            .kafkaBootstrapServers(KAFKA.bootstrapServers());
                    if (!auth.startsWith("none")) {
                        config.credentialsFile(credentials);
                    }
                    if (secure) {
                        config.tlsPem(tls.serverChain(), tls.serverKey());
                    }
                    MonitorServer server = MonitorServer.start(config.build());
                    servers.add(server);
                    String header = authorization(server, auth);
                    URI target = server.baseUri().resolve("monitor");
                    scenarios.add(new Scenario(secure, auth, false, target, header));
                    if (auth.startsWith("none")) {
                        scenarios.add(new Scenario(secure, auth, true, target, header));
                    }
                }
            }
            for (Scenario scenario : scenarios) {
                measure(wrk, script, scenario, message, 3);
            }
            Map<Scenario, List<Row>> results = new java.util.LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Scenario scenario : scenarios) {
                    results.computeIfAbsent(scenario, key -> new ArrayList<>())
                            .add(measure(wrk, script, scenario, message, SECONDS));
                }
            }
            report(wrk, results, authenticationCost(credentials));
        } finally {
            servers.forEach(MonitorServer::close);
        }
    }

    /** CPU cost of one authentication, in-process: what the HTTP numbers cannot resolve on a noisy machine. */
    private static String authenticationCost(Path credentials) {
        try (ProbeAuthenticator authenticator = ProbeAuthenticator.start(credentials, Duration.ZERO,
                TokenService.generated(Duration.ofMinutes(15), java.time.Clock.systemUTC()), Duration.ofMinutes(2))) {
            String basic = SecretFiles.basic(1098, "pass");
            long start = System.nanoTime();
            AuthenticatedProbe probe = authenticator.authenticate(basic);
            double slowMillis = (System.nanoTime() - start) / 1e6;
            String bearer = "Bearer " + authenticator.issueToken(probe);
            int calls = 200_000;
            double bearerMicros = perCall(authenticator, bearer, calls);
            double basicMicros = perCall(authenticator, basic, calls);
            bearerMicros = Math.min(bearerMicros, perCall(authenticator, bearer, calls));
            basicMicros = Math.min(basicMicros, perCall(authenticator, basic, calls));
            return String.format("Cost of one authentication in-process (best of 2 x %d calls): Bearer token %.1f µs, "
                    + "Basic from the cache %.1f µs, Basic first time (PBKDF2-HMAC-SHA256, %d iterations) %.0f ms.%n",
                    calls, bearerMicros, basicMicros, SecretHashes.DEFAULT_ITERATIONS, slowMillis);
        } catch (AuthenticationException e) {
            throw new AssertionError(e);
        }
    }

    private static double perCall(ProbeAuthenticator authenticator, String header, int calls)
            throws AuthenticationException {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            authenticator.authenticate(header);
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    private static void report(boolean wrk, Map<Scenario, List<Row>> results, String authCost) throws IOException {
        StringBuilder table = new StringBuilder("| TLS | authentication | connections | requests/s (median) | "
                + "rounds min–max | p99 latency (median round) | failures |\n|---|---|---|---:|---:|---:|---:|\n");
        boolean clean = true;
        for (Map.Entry<Scenario, List<Row>> entry : results.entrySet()) {
            List<Row> rows = new ArrayList<>(entry.getValue());
            rows.sort(java.util.Comparator.comparingDouble(Row::rate));
            Row median = rows.get(rows.size() / 2);
            long failures = rows.stream().mapToLong(Row::failures).sum();
            clean &= failures == 0;
            Scenario scenario = entry.getKey();
            table.append(String.format("| %s | %s | %s | %.0f | %.0f–%.0f | %s | %d |%n", scenario.secure() ? "HTTPS" : "HTTP",
                    scenario.auth(), scenario.closeEach() ? "new per request" : CONNECTIONS + " kept alive",
                    median.rate(), rows.get(0).rate(), rows.get(rows.size() - 1).rate(), median.p99(), failures));
        }
        String report = "Load: " + (wrk ? "wrk -t2 -c" + CONNECTIONS + " -d" + SECONDS + "s -s post-message.lua"
                : "LoadGenerator (test-support), closed loop, " + CONNECTIONS + " connections, " + SECONDS + " s") + " per scenario, " + ROUNDS
                + " interleaved rounds, seed message, " + Runtime.getRuntime().availableProcessors()
                + " CPUs shared by load generator, servers and Kafka\n\n" + table + "\n" + authCost;
        System.out.println(report);
        Files.writeString(Path.of("target", "throughput.md"), report);
        assertTrue(clean, report);
    }

    private Row measure(boolean wrk, Path script, Scenario scenario, String message, int seconds) throws Exception {
        if (wrk) {
            String output = run(List.of("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", "--timeout", "10s",
                    "--latency", "-s",
                    script.toString(), scenario.target().toString()), message, scenario.authorization(),
                    scenario.closeEach());
            Matcher rate = RATE.matcher(output);
            assertTrue(rate.find(), output);
            Matcher non2xx = NON_2XX.matcher(output);
            Matcher errors = ERRORS.matcher(output);
            Matcher p99 = LATENCY_99.matcher(output);
            long failed = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
            if (errors.find()) {
                for (int group = 1; group <= 4; group++) {
                    failed += Long.parseLong(errors.group(group));
                }
            }
            return new Row(Double.parseDouble(rate.group(1)), p99.find() ? p99.group(1) : "?", failed);
        }
        return loadGenerator(scenario, message, seconds);
    }

    private static String run(List<String> command, String message, String authorization, boolean closeEach)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("TMA_BODY", message, "TMA_AUTH", authorization == null ? "" : authorization,
                "TMA_CLOSE", closeEach ? "1" : "0"));
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(SECONDS + 60L, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /**
     * Without wrk: the project's load generator, closed loop over {@link #CONNECTIONS} connections, kept alive or
     * (closeEach) closed after every response by {@code Connection: close}.
     */
    private Row loadGenerator(Scenario scenario, String message, int seconds) throws Exception {
        Target target = Target.of(scenario.target().toString(), scenario.secure() ? TestCa.files().caCertificate() : null);
        byte[] request = new RawHttp.Builder("POST", target.path()).host(target.host() + ":" + target.port())
                .header("Content-Type", "application/json").header("Authorization", scenario.authorization())
                .header("Connection", scenario.closeEach() ? "close" : null)
                .body(message.getBytes(StandardCharsets.UTF_8)).build();
        LoadGenerator.Result result = LoadGenerator.run(target, new LoadGenerator.Load(scenario.auth(),
                new byte[][] {request}, 1, CONNECTIONS, 0, Duration.ofSeconds(seconds)));
        return new Row(result.requestsPerSecond(), String.format(java.util.Locale.ROOT, "%.2fms",
                result.latencyMillis(99)), result.failed() + result.unknown());
    }

    private static String authorization(MonitorServer server, String auth) throws Exception {
        if (auth.startsWith("none")) {
            return null;
        }
        String basic = SecretFiles.basic(1098, "pass");
        if (auth.startsWith("Basic")) {
            return basic;
        }
        HttpResponse<String> token = TestCa.client().send(HttpRequest.newBuilder(server.baseUri().resolve("monitor/auth"))
                .header("Authorization", basic).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        return "Bearer " + new ObjectMapper().readTree(token.body()).get("token").textValue();
    }

    private static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
