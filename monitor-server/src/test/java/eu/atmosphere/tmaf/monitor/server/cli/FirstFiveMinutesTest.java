package eu.atmosphere.tmaf.monitor.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import eu.atmosphere.tmaf.monitor.testsupport.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first five minutes and day two of issue 14, each case with real processes and real ports: a second
 * server on a data directory in use (1), mistakes found before the slow start (2), an unreachable Kafka
 * (3), {@code consume} (4), plain HTTP on the HTTPS port (5, server side), SIGTERM with a shutdown that hangs.
 */
class FirstFiveMinutesTest {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration QUICK = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("listening on (https?://127\\.0\\.0\\.1:\\d+/)");
    /** Not compact, so that --raw visibly prints the bytes as stored. */
    private static final String MESSAGE = "{ \"probeId\": 0, \"resourceId\": 101098, \"messageId\": 0, \"sentTime\": 1535971455,"
            + "  \"data\": [ {\"descriptionId\": 0, \"type\": \"event\", \"observations\": [{\"value\": 1.5, \"time\": 1535971455}]} ] }";

    @TempDir
    static Path work;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static ChildJvm first;
    private static URI firstUri;
    private static int firstKafkaPort;

    @BeforeAll
    static void startFirstServer() throws Exception {
        firstKafkaPort = freePort();
        first = monitorServer("first", Map.of(), "serve", "--port", "0", "--embedded-kafka-port", Integer.toString(firstKafkaPort),
                "--embedded-kafka-dir", work.resolve("kafka").toString(), "--embedded-kafka-partitions", "1");
        firstUri = URI.create(listening(first));
        assertTrue(first.awaitLine(line -> line.contains("ready in"), START).isPresent(), () -> first.logTail(80));
    }

    @AfterAll
    static void stopFirstServer() {
        first.close();
    }

    /** Case 1: was CorruptRecordException / "Failed to acquire lock" for the second, a hung first one. */
    @Test
    void aSecondServerOnADataDirectoryInUseIsRefusedAndTheFirstKeepsServing() throws Exception {
        try (ChildJvm second = monitorServer("second", Map.of(), "serve", "--port", "0",
                "--embedded-kafka-port", Integer.toString(freePort()), "--embedded-kafka-dir", work.resolve("kafka").toString())) {
            assertEquals(ServeCommand.STARTUP_PROBLEM, exit(second), () -> second.logTail(80));
            assertEquals(List.of("monitor-server: --embedded-kafka-dir (env MONITOR_EMBEDDED_KAFKA_DIR): Kafka data "
                    + "directory " + work.resolve("kafka").toAbsolutePath() + " is in use by process " + first.pid()
                    + "; stop that process or choose another directory"), problemLines(second), () -> second.logTail(80));
            assertFalse(second.lines().stream().anyMatch(line -> line.contains("starting the embedded")), () -> second.logTail(80));
        }
        assertEquals(200, post(firstUri).statusCode());
        assertEquals(200, get(firstUri.resolve("/health/ready")).statusCode());
    }

    /** Case 4: was exit 0 without output, and 9092 whatever MONITOR_EMBEDDED_KAFKA_PORT said. */
    @Test
    void consumeFindsTheEmbeddedBrokerPrintsRawRecordsAndFailsClearlyWithoutKafka() throws Exception {
        assertEquals(200, post(firstUri).statusCode());
        try (ChildJvm consume = monitorServer("consume", Map.of("MONITOR_EMBEDDED_KAFKA_PORT", Integer.toString(firstKafkaPort)),
                "consume", "--from-beginning", "--max-messages", "1", "--raw")) {
            assertEquals(0, exit(consume), () -> consume.logTail(80));
            assertTrue(consume.lines().contains(MESSAGE), () -> consume.logTail(80));
        }
        int nothing = freePort();
        try (ChildJvm consume = monitorServer("consume-nothing", Map.of("MONITOR_EMBEDDED_KAFKA_PORT", Integer.toString(nothing)),
                "consume", "--connect-timeout-seconds", "2")) {
            assertEquals(ConsumeCommand.UNREACHABLE, exit(consume), () -> consume.logTail(80));
            assertTrue(consume.lines().contains("monitor-server consume: no answer from Kafka at 127.0.0.1:" + nothing
                    + " within 2 s; is `serve` running with its embedded broker on that port? Set --embedded-kafka-port "
                    + "(env MONITOR_EMBEDDED_KAFKA_PORT) to its port, or --kafka-bootstrap-servers (env "
                    + "KAFKA_BOOTSTRAP_SERVERS)"), () -> consume.logTail(80));
        }
    }

    /** Case 2: was a 38-line BindException after ~20 s of Kafka, a NoSuchFileException after a Kafka start. */
    @Test
    void problemsAreFoundBeforeTheSlowStartOneLineEachWithTheOptionToChange() throws Exception {
        Path directory = work.resolve("never-started");
        try (ServerSocket port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket kafkaPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String[] args = {"serve", "--port", Integer.toString(port.getLocalPort()), "--embedded-kafka-port",
                Integer.toString(kafkaPort.getLocalPort()), "--embedded-kafka-dir", directory.toString(),
                "--credentials-file", work.resolve("missing.credentials").toString()};
            try (ChildJvm serve = monitorServer("preflight", Map.of(), args)) {
                assertEquals(ServeCommand.STARTUP_PROBLEM, exit(serve), () -> serve.logTail(80));
                List<String> problems = problemLines(serve);
                assertEquals(3, problems.size(), () -> serve.logTail(80));
                assertTrue(problems.get(0).startsWith("monitor-server: --port (env MONITOR_PORT): cannot listen on "
                        + "127.0.0.1:" + port.getLocalPort()), () -> serve.logTail(80));
                assertTrue(problems.get(1).startsWith("monitor-server: --embedded-kafka-port (env "
                        + "MONITOR_EMBEDDED_KAFKA_PORT): cannot listen on 127.0.0.1:" + kafkaPort.getLocalPort()), () -> serve.logTail(80));
                assertTrue(problems.get(2).startsWith("monitor-server: --credentials-file (env MONITOR_CREDENTIALS_FILE): ")
                        && problems.get(2).contains("create it with `monitor-server probes add <probe-id>"), () -> serve.logTail(80));
                assertFalse(serve.lines().stream().anyMatch(line -> line.contains("Exception") || line.startsWith("\tat ")),
                        () -> serve.logTail(80));
                assertFalse(Files.exists(directory), "the data directory was created");
            }
            try (ChildJvm verbose = monitorServer("preflight-verbose", Map.of("MONITOR_VERBOSE", "true"), args)) {
                assertEquals(ServeCommand.STARTUP_PROBLEM, exit(verbose), () -> verbose.logTail(80));
                assertTrue(verbose.lines().stream().anyMatch(line -> line.startsWith("java.net.BindException")),
                        () -> verbose.logTail(80));
            }
        }
    }

    /**
     * Case 3: was "ready in 3353 ms" and 84 NetworkClient warnings in 25 s with Kafka unreachable. Also case 5,
     * server side: was an empty reply to plain HTTP on the HTTPS port.
     */
    @Test
    void withoutKafkaTheServerSaysWhatItWaitsForQuietlyAndAnswersPlainHttpOnItsTlsPortReadably() throws Exception {
        int nothing = freePort();
        TestCa.Issued tls = TestCa.files();
        try (ChildJvm serve = monitorServer("no-kafka", Map.of(), "serve", "--port", "0", "--kafka-bootstrap-servers",
                "127.0.0.1:" + nothing, "--tls-cert", tls.serverChain().toString(), "--tls-key", tls.serverKey().toString())) {
            URI uri = URI.create(listening(serve));
            String notReady = serve.awaitLine(line -> line.contains("NOT READY: waiting for Kafka at 127.0.0.1:" + nothing),
                    START).orElseThrow(() -> new AssertionError(serve.logTail(80)));
            assertTrue(notReady.contains("no answer from Kafka at 127.0.0.1:" + nothing + " within ")
                    && notReady.contains("check that its brokers run"), notReady);

            assertEquals(503, TestCa.client().send(HttpRequest.newBuilder(uri.resolve("/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            String plain = plainHttpGet(uri.getPort());
            assertTrue(plain.startsWith("HTTP/1.1 400 Bad Request\r\n"), plain);
            assertTrue(plain.contains("\"type\":\"urn:tma-monitor:problem:https-required\"")
                    && plain.contains("send the request to https:// instead of http://"), plain);

            assertFalse(serve.awaitLine(line -> line.contains("ready in"), Duration.ofSeconds(10)).isPresent(),
                    () -> serve.logTail(80));
            long warnings = serve.lines().stream().filter(line -> line.contains("NetworkClient")).count();
            assertTrue(warnings <= 6, warnings + " Kafka client warnings: " + serve.logTail(80));
            serve.terminate();
            assertEquals(143, exit(serve), () -> serve.logTail(80));
        }
    }

    /** SIGTERM stops the process within the shutdown timeout even when closing hangs (an unhealthy broker). */
    @Test
    void sigtermEndsTheProcessWhenClosingHangs() throws Exception {
        try (ChildJvm hanging = child("hanging", HangingShutdown.class.getName(), Map.of(), "1")) {
            assertTrue(hanging.awaitLine(line -> line.equals(HangingShutdown.RUNNING), QUICK).isPresent(),
                    () -> hanging.logTail(80));
            hanging.terminate();
            assertEquals(1, exit(hanging), () -> hanging.logTail(80));
            assertTrue(hanging.lines().stream().anyMatch(line -> line.contains("shutdown did not finish within 1 s")),
                    () -> hanging.logTail(80));
        }
    }

    /** {@code monitor-server ARGS} in a JVM of its own; its log (stdout and stderr) kept and in {@code NAME.log}. */
    private static ChildJvm monitorServer(String name, Map<String, String> environment, String... args) {
        return child(name, Main.class.getName(), environment, args);
    }

    private static ChildJvm child(String name, String mainClass, Map<String, String> environment, String... args) {
        return ChildJvm.builder(name, mainClass).jvmArgs(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx384m"))
                .env(environment).args(List.of(args)).log(work.resolve(name + ".log")).keepLines().mergeStderr().start();
    }

    /** @return the exit status of the process, which must end within {@link #QUICK} */
    private static int exit(ChildJvm process) {
        assertTrue(process.waitFor(QUICK), () -> "still running: " + process.logTail(80));
        return process.exitValue();
    }

    private static String listening(ChildJvm server) throws InterruptedException {
        String line = server.awaitLine(text -> LISTENING.matcher(text).find(), START)
                .orElseThrow(() -> new AssertionError("not listening: " + server.logTail(80)));
        Matcher matcher = LISTENING.matcher(line);
        assertTrue(matcher.find());
        return matcher.group(1);
    }

    private static List<String> problemLines(ChildJvm process) {
        return process.lines().stream().filter(line -> line.startsWith("monitor-server: ")).toList();
    }

    private static HttpResponse<String> post(URI server) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.resolve("/monitor")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MESSAGE)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What curl http:// does against the HTTPS port, with a plain socket. */
    private static String plainHttpGet(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
