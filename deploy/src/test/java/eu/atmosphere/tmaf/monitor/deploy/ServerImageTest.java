package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.deploy.Manifests.Workload;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.kafka.embedded.TopicReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor-server image as the manifests run it, in a real Docker engine: built by the
 * module's Jib configuration from a local {@code tar://} Java base, started with the rendered
 * Deployment's environment, Secret files from create-secrets.sh mounted where the Deployment
 * mounts them (mode 0440, group 65532, as {@code defaultMode}/{@code fsGroup} make them), a
 * read-only root filesystem, user 65532, no capabilities, the Deployment's memory limit; only
 * the Kafka address (a broker this test starts on 127.0.0.1), the port and the loopback bind
 * differ. A probe's message posted over HTTPS with HTTP Basic must arrive in Kafka.
 *
 * <p>Skipped (with the reason) when no Docker engine answers or with {@code -Dtma.image.test=false}.
 */
class ServerImageTest {

    private static final String SEED_MESSAGE = "{\"probeId\":1098,\"resourceId\":101098,\"messageId\":0,"
            + "\"sentTime\":1535971455,\"data\":[{\"descriptionId\":0,\"type\":\"measurement\","
            + "\"observations\":[{\"value\":20000.00001,\"time\":1535971455}]},{\"descriptionId\":0,"
            + "\"type\":\"event\",\"observations\":[{\"value\":10000.00001,\"time\":1535971455}]}]}";

    @TempDir
    static Path work;

    private static String image;
    private static EmbeddedKafkaBroker kafka;
    private static String container;
    private static final List<String> TIMES = new ArrayList<>();

    @BeforeAll
    static void engine() {
        assumeTrue(Boolean.parseBoolean(System.getProperty("tma.image.test", "true")),
                "image test switched off (-Dtma.image.test=false)");
        Optional<String> why = DockerEngine.unavailable();
        assumeTrue(why.isEmpty(), () -> "image test skipped: " + why.orElse(""));
        long start = System.nanoTime();
        Images.ensureBase();
        TIMES.add("base image ready: " + (System.nanoTime() - start) / 1_000_000 + " ms");
        start = System.nanoTime();
        image = Images.buildAndLoad("monitor-server");
        TIMES.add("monitor-server image built and loaded: " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @AfterAll
    static void cleanUp() {
        if (container != null) {
            DockerEngine.docker(Duration.ofSeconds(60), "rm", "-f", container);
        }
        if (kafka != null) {
            kafka.close();
        }
        TIMES.forEach(t -> System.out.println("ServerImageTest: " + t));
    }

    @Test
    void imageIsNonRootWithLabelsAndThePort() throws IOException {
        JsonNode config = new ObjectMapper().readTree(DockerEngine.docker(Duration.ofSeconds(30),
                "image", "inspect", "--format", "{{json .Config}}", image).orFail("docker image inspect").out());
        assertEquals("65532:65532", config.path("User").asText());
        assertTrue(config.path("ExposedPorts").has("32025/tcp"), config.toString());
        JsonNode labels = config.path("Labels");
        assertEquals(Repo.VERSION, labels.path("org.opencontainers.image.version").asText());
        assertTrue(labels.path("org.opencontainers.image.source").asText().startsWith("https://"), labels.toString());
        assertEquals("TMA Monitor server", labels.path("org.opencontainers.image.title").asText());
        assertTrue(config.path("Entrypoint").toString().contains("-XX:MaxRAMPercentage=75"), config.toString());
    }

    @Test
    void aMessagePostedToTheContainerArrivesInKafka() throws Exception {
        Manifests m = Manifests.render("dev");
        Workload deployment = m.workload("Deployment", "monitor-server");
        JsonNode spec = deployment.container("monitor-server");
        Map<String, String> env = new LinkedHashMap<>(m.environment(spec));
        String topic = env.get("MONITOR_TOPIC");

        // Kafka: a broker of this test on 127.0.0.1, the topic made as the Job makes it
        kafka = EmbeddedKafkaBroker.builder().build();
        kafka.start();
        kafka.createTopic(topic, 3);

        // the Secrets, as create-secrets.sh makes them, laid out as the kubelet mounts them
        SecretsFixture secrets = SecretsFixture.create(work.resolve("secrets"), "--host", "127.0.0.1");
        List<String> mounts = new ArrayList<>();
        Map<String, String> volumeToSecret = new LinkedHashMap<>();
        for (JsonNode v : deployment.podSpec().path("volumes")) {
            if (v.has("secret")) {
                volumeToSecret.put(v.path("name").asText(), v.path("secret").path("secretName").asText());
            }
        }
        for (JsonNode mount : spec.path("volumeMounts")) {
            String volume = mount.path("name").asText();
            String secretName = volumeToSecret.get(volume);
            if (secretName == null) {
                continue; // /tmp: --tmpfs below
            }
            Path dir = Files.createDirectories(work.resolve("mounts").resolve(volume));
            JsonNode secret = secrets.objects.get("Secret/" + secretName);
            assertTrue(secret != null, "create-secrets.sh makes no Secret " + secretName);
            for (var it = secret.path("data").fieldNames(); it.hasNext(); ) {
                String key = it.next();
                Path file = dir.resolve(key);
                Files.write(file, secrets.value("Secret/" + secretName, key));
                groupReadable(file, "r--r-----");
            }
            groupReadable(dir, "r-xr-x---");
            mounts.add("-v");
            mounts.add(dir + ":" + mount.path("mountPath").asText() + ":ro");
        }

        int port = freePort();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MONITOR_PORT", String.valueOf(port));
        env.put("MONITOR_BIND_ADDRESS", "127.0.0.1"); // host network: listen on loopback only
        String memory = spec.path("resources").path("limits").path("memory").asText().replace("Mi", "m").replace("Gi", "g");

        List<String> run = new ArrayList<>(List.of("run", "-d", "--pull", "never", "--network", "host",
                "--name", "tma-deploy-it-" + ProcessHandle.current().pid(),
                "--read-only", "--tmpfs", "/tmp:rw,size=64m",
                "--user", "65532:65532", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--memory", memory));
        run.addAll(mounts);
        env.forEach((k, v) -> {
            run.add("-e");
            run.add(k + "=" + v);
        });
        run.add(image);
        long start = System.nanoTime();
        container = DockerEngine.docker(Duration.ofSeconds(60), run).orFail("docker " + run).out().strip();

        HttpClient https = HttpClient.newBuilder().sslContext(trusting(secrets.value("ConfigMap/monitor-ca", "ca.crt")))
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("https://127.0.0.1:" + port);
        awaitReady(https, base.resolve("/health/ready"));
        TIMES.add("container ready (HTTPS, Kafka reachable): " + (System.nanoTime() - start) / 1_000_000 + " ms");

        HttpResponse<String> anonymous = https.send(post(base, SEED_MESSAGE, null), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "anonymous publishing is off as deployed: " + anonymous.body());

        String probeId = secrets.text("Secret/probe-demo-credentials", "probe-id");
        String secret = secrets.text("Secret/probe-demo-credentials", "secret").strip();
        assertEquals("1098", probeId);
        HttpResponse<String> accepted = https.send(post(base, SEED_MESSAGE, probeId + ":" + secret),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("0", accepted.body().strip());

        List<ConsumerRecord<byte[], byte[]>> records = new TopicReader(kafka.bootstrapServers())
                .read(topic, 1, Duration.ofSeconds(30));
        assertEquals(1, records.size());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(SEED_MESSAGE), json.readTree(records.get(0).value()));
        assertArrayEquals(ByteBuffer.allocate(8).putLong(101098L).array(), records.get(0).key(),
                "key = resourceId as Kafka's LongSerializer writes it");

        HttpResponse<String> metrics = https.send(HttpRequest.newBuilder(base.resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());

        // SIGTERM, as the kubelet stops a pod: the server stops by itself well within the grace period
        long stop = System.nanoTime();
        int grace = deployment.podSpec().path("terminationGracePeriodSeconds").asInt(30);
        DockerEngine.docker(Duration.ofSeconds(grace + 30), "stop", "--time", String.valueOf(grace), container)
                .orFail("docker stop");
        long stopMillis = (System.nanoTime() - stop) / 1_000_000;
        TIMES.add("stopped on SIGTERM in " + stopMillis + " ms");
        assertTrue(stopMillis < grace * 1000L, "stopped only by SIGKILL after the grace period");
        String logs = DockerEngine.docker(Duration.ofSeconds(30), "logs", container).out();
        String exit = DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", container)
                .out().strip();
        assertTrue(exit.equals("0") || exit.equals("143"), "exit code " + exit + "\n" + logs);
    }

    private static HttpRequest post(URI base, String body, String basicCredentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/monitor"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicCredentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(basicCredentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    private static void awaitReady(HttpClient https, URI ready) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            String running = DockerEngine.docker(Duration.ofSeconds(20), "inspect", "--format", "{{.State.Running}}",
                    container).out().strip();
            if (!running.equals("true")) {
                throw new AssertionError("the container stopped:\n" + Command.tail(
                        DockerEngine.docker(Duration.ofSeconds(20), "logs", container).err()));
            }
            try {
                HttpResponse<String> r = https.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        Command.Result logs = DockerEngine.docker(Duration.ofSeconds(20), "logs", container);
        throw new AssertionError("not ready within 120 s (" + last + "):\n" + Command.tail(logs.out() + logs.err()));
    }

    /** root:65532, the given mode: what a Secret volume with defaultMode and fsGroup 65532 gives. */
    private static void groupReadable(Path path, String mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        try {
            Files.setAttribute(path, "unix:gid", 65532);
        } catch (IOException | UnsupportedOperationException e) {
            throw new AssertionError("cannot give " + path + " to group 65532 (the image test runs as root, like CI)", e);
        }
        view.setPermissions(PosixFilePermissions.fromString(mode));
    }

    private static SSLContext trusting(byte[] caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem))) {
            trust.setCertificateEntry("ca" + i++, (X509Certificate) cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
