package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three images as the manifests run them, in a real Docker engine. Each is built by its
 * module's Jib configuration from a local {@code tar://} Java base and started with the rendered
 * (dev) container's environment, the Secret and ConfigMap files from create-secrets.sh mounted
 * where the pod mounts them (Secrets mode 0440 for group 65532, as {@code defaultMode} and
 * {@code fsGroup} make them), emptyDirs as tmpfs, a read-only root filesystem, user 65532, no
 * capabilities, no privilege escalation and the container's memory limit. Only what has no
 * cluster here differs: Kafka is a broker this test starts on 127.0.0.1, every container shares
 * the host network, the server listens on loopback at a free port, and the probes' URL is that
 * port. Messages from a raw HTTPS client, from the probe-demo container and from both probe-docker
 * containers must arrive in Kafka.
 *
 * <p>Skipped (with the reason) when no Docker engine answers or with {@code -Dtma.image.test=false};
 * with {@code TMA_REQUIRE_DOCKER=true} (CI) a missing engine fails the tests instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesInDockerTest {

    private static final String SEED_MESSAGE = "{\"probeId\":1098,\"resourceId\":101098,\"messageId\":0,"
            + "\"sentTime\":1535971455,\"data\":[{\"descriptionId\":0,\"type\":\"measurement\","
            + "\"observations\":[{\"value\":20000.00001,\"time\":1535971455}]},{\"descriptionId\":0,"
            + "\"type\":\"event\",\"observations\":[{\"value\":10000.00001,\"time\":1535971455}]}]}";
    private static final String PREFIX = "tma-deploy-it-" + ProcessHandle.current().pid() + "-";
    /** The module whose Jib configuration builds the server's image. */
    private static final String SERVER_IMAGE = "server-image";

    @TempDir
    static Path work;

    private static final Map<String, String> IMAGES = new LinkedHashMap<>();
    private static final List<String> CONTAINERS = new ArrayList<>();
    private static final List<String> TIMES = new ArrayList<>();
    private static Manifests manifests;
    private static EmbeddedKafkaBroker kafka;
    private static SecretsFixture secrets;
    private static String topic;
    private static URI server;
    private static String serverContainer;
    private static int serverGrace;

    /** Why the tests are skipped, or null: every test reports it (a skipped @BeforeAll would report none). */
    private static String skipped;

    @BeforeAll
    static void startTheServer() throws Exception {
        if (!Boolean.parseBoolean(System.getProperty("tma.image.test", "true"))) {
            skipped = "image test switched off (-Dtma.image.test=false)";
            return;
        }
        Optional<String> why = DockerEngine.skipReason(DockerEngine.unavailable(), System.getenv("TMA_REQUIRE_DOCKER"));
        if (why.isPresent()) {
            skipped = "image test skipped: " + why.get();
            return;
        }
        long start = System.nanoTime();
        Images.ensureBase();
        TIMES.add("base image ready: " + millis(start) + " ms");
        for (String module : List.of(SERVER_IMAGE, "probe-demo", "probe-docker")) {
            start = System.nanoTime();
            IMAGES.put(module, Images.buildAndLoad(module));
            TIMES.add(module + " image built and loaded: " + millis(start) + " ms");
        }

        manifests = Manifests.render("dev");
        Workload deployment = manifests.workload("Deployment", "monitor-server");
        serverGrace = deployment.podSpec().path("terminationGracePeriodSeconds").asInt(30);
        Map<String, String> env = manifests.environment(deployment.container("monitor-server"));
        topic = env.get("MONITOR_TOPIC");
        secrets = SecretsFixture.create(work.resolve("secrets"), "--host", "127.0.0.1");
        kafka = SecuredKafka.start(work.resolve("secrets"), secrets, topic);

        int port = freePort();
        server = URI.create("https://127.0.0.1:" + port);
        start = System.nanoTime();
        serverContainer = start(deployment, "monitor-server", e -> {
            // the manifests' SASL_SSL settings and principal, towards the broker's CLIENT listener
            e.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(SecuredKafka.CLIENT));
            e.put("MONITOR_PORT", String.valueOf(port));
            e.put("MONITOR_BIND_ADDRESS", "127.0.0.1"); // host network: listen on loopback only
        }, List.of());
        awaitReady(https(), server.resolve("/health/ready"));
        TIMES.add("monitor-server container ready (HTTPS, Kafka over SASL_SSL as User:tma-monitor): " + millis(start)
                + " ms");
    }

    private static void requireEngine() {
        assumeTrue(skipped == null, () -> skipped);
    }

    @AfterAll
    static void cleanUp() {
        for (String c : CONTAINERS) {
            DockerEngine.docker(Duration.ofSeconds(60), "rm", "-f", c);
        }
        if (kafka != null) {
            kafka.close();
        }
        TIMES.forEach(t -> System.out.println("ImagesInDockerTest: " + t));
    }

    @Test
    @Order(1)
    void imagesAreNonRootWithLabels() throws IOException {
        requireEngine();
        for (Map.Entry<String, String> image : IMAGES.entrySet()) {
            JsonNode config = new ObjectMapper().readTree(DockerEngine.docker(Duration.ofSeconds(30),
                    "image", "inspect", "--format", "{{json .Config}}", image.getValue()).orFail("docker image inspect").out());
            assertEquals("65532:65532", config.path("User").asText(), image.getKey());
            JsonNode labels = config.path("Labels");
            assertEquals(Repo.VERSION, labels.path("org.opencontainers.image.version").asText(), image.getKey());
            assertTrue(labels.path("org.opencontainers.image.source").asText().startsWith("https://"), labels.toString());
            assertFalse(labels.path("org.opencontainers.image.title").asText().isBlank(), labels.toString());
            String heap = image.getKey().equals(SERVER_IMAGE) ? "-XX:MaxRAMPercentage=50" : "-XX:MaxRAMPercentage=75";
            assertTrue(config.path("Entrypoint").toString().contains(heap), config.toString());
        }
        JsonNode server = new ObjectMapper().readTree(DockerEngine.docker(Duration.ofSeconds(30),
                "image", "inspect", "--format", "{{json .Config}}", IMAGES.get(SERVER_IMAGE)).out());
        assertTrue(server.path("ExposedPorts").has("32025/tcp"), server.toString());
    }

    @Test
    @Order(1)
    void theServerImageCarriesKafkasClientButNotTheBrokerAndSaysSoWithoutKafka() {
        requireEngine();
        String image = IMAGES.get(SERVER_IMAGE);
        String libs = DockerEngine.docker(Duration.ofSeconds(60), "run", "--rm", "--pull", "never", "--entrypoint",
                "ls", image, "/app/libs").orFail("ls /app/libs").out();
        assertTrue(libs.contains("kafka-clients-"), libs);
        assertTrue(libs.contains("monitor-server-"), libs);
        for (String broker : List.of("monitor-embedded-kafka-", "kafka_2.13-", "scala-library-", "kafka-server-",
                "kafka-raft-", "kafka-metadata-", "kafka-storage-")) {
            assertFalse(libs.contains(broker), broker + " in the image: " + libs);
        }
        // one logging back end: logback, which the server's logback.xml configures
        assertTrue(libs.contains("logback-classic-"), libs);
        for (String other : List.of("log4j-", "slf4j-simple-", "slf4j-reload4j-", "slf4j-jdk14-")) {
            assertFalse(libs.contains(other), other + " in the image: " + libs);
        }
        Command.Result noKafka = DockerEngine.docker(Duration.ofSeconds(60), "run", "--rm", "--pull", "never",
                "--read-only", image);
        assertEquals(2, noKafka.exit(), noKafka.out() + noKafka.err());
        assertTrue((noKafka.out() + noKafka.err()).contains("no Kafka configured: set KAFKA_BOOTSTRAP_SERVERS"),
                noKafka.out() + noKafka.err());
    }

    @Test
    @Order(2)
    void aProbesMessagePostedOverHttpsArrivesInKafka() throws Exception {
        requireEngine();
        HttpClient https = https();
        HttpResponse<String> anonymous = https.send(post(SEED_MESSAGE, null), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "anonymous publishing is off as deployed: " + anonymous.body());

        String probeId = secrets.text("Secret/probe-demo-credentials", "probe-id");
        String secret = secrets.text("Secret/probe-demo-credentials", "secret").strip();
        assertEquals("1098", probeId);
        HttpResponse<String> accepted = https.send(post(SEED_MESSAGE, probeId + ":" + secret),
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
        assertEquals(200, https.send(HttpRequest.newBuilder(server.resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    @Order(3)
    void theDemoProbeContainerDelivers() throws Exception {
        requireEngine();
        long start = System.nanoTime();
        Workload demo = manifests.workload("Deployment", "probe-demo");
        String c = start(demo, "probe-demo", e -> {
            e.put("TMA_MONITOR_URL", server.toString());
            e.put("TMA_COUNT", "2");
            e.put("TMA_INTERVAL", "1s");
        }, List.of());
        awaitExit(c, 0, Duration.ofSeconds(120));
        TIMES.add("probe-demo container: 2 rounds delivered in " + millis(start) + " ms");
        assertTrue(fromProbe(1098, 101098) >= 2, "the demo probe's messages are in Kafka");
    }

    @Test
    @Order(4)
    void theDockerProbeContainersDeliverFromTheEngineAndTheNode() throws Exception {
        requireEngine();
        String host = System.getenv("DOCKER_HOST") == null ? "unix:///var/run/docker.sock" : System.getenv("DOCKER_HOST");
        assumeTrue(host.startsWith("unix://"), "probe-docker needs the engine's unix socket to mount; DOCKER_HOST=" + host);
        Path socket = Path.of(host.substring("unix://".length()));
        int socketGroup = (Integer) Files.getAttribute(socket, "unix:gid");
        Workload daemonSet = manifests.workload("DaemonSet", "probe-docker");
        long start = System.nanoTime();
        String containers = start(daemonSet, "containers", e -> {
            e.put("TMA_MONITOR_URL", server.toString());
            e.put("TMA_COUNT", "1");
            e.put("TMA_INTERVAL", "2s");
        }, List.of("--group-add", String.valueOf(socketGroup)), Map.of("docker-socket", socket.toString()));
        awaitExit(containers, 0, Duration.ofSeconds(120));
        TIMES.add("probe-docker containers: 1 round delivered in " + millis(start) + " ms");
        String monitorName = PREFIX + "monitor-server";
        long monitorResource = crc32(monitorName);
        start = System.nanoTime();
        String node = start(daemonSet, "host", e -> {
            e.put("TMA_MONITOR_URL", server.toString());
            e.put("TMA_COUNT", "1");
            e.put("TMA_INTERVAL", "1s");
            e.put("TMA_HOST_NAME", "node-under-test"); // the downward API's spec.nodeName
        }, List.of());
        awaitExit(node, 0, Duration.ofSeconds(120));
        TIMES.add("probe-docker host: 1 round delivered in " + millis(start) + " ms");
        assertTrue(fromProbe(1099, monitorResource) >= 1,
                "probe-docker reported the monitor-server container (resource " + monitorResource + ")");
        assertTrue(fromProbe(1099, crc32("node-under-test")) >= 1, "probe-docker reported the node");
    }

    @Test
    @Order(5)
    void theServerStopsCleanlyOnSigterm() {
        requireEngine();
        long stop = System.nanoTime();
        DockerEngine.docker(Duration.ofSeconds(serverGrace + 30), "stop", "--time", String.valueOf(serverGrace),
                serverContainer).orFail("docker stop");
        long stopMillis = millis(stop);
        TIMES.add("monitor-server stopped on SIGTERM in " + stopMillis + " ms");
        assertTrue(stopMillis < serverGrace * 1000L, "stopped only by SIGKILL after the grace period");
        String exit = DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}",
                serverContainer).out().strip();
        assertTrue(exit.equals("0") || exit.equals("143"), "exit code " + exit + "\n" + logs(serverContainer));
    }

    /** @return how many records of this probe about this resource are in the topic */
    private static long fromProbe(long probeId, long resourceId) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long n = 0;
        for (ConsumerRecord<byte[], byte[]> r : new TopicReader(kafka.bootstrapServers())
                .read(topic, Integer.MAX_VALUE, Duration.ofSeconds(5))) {
            JsonNode m = json.readTree(r.value());
            if (m.path("probeId").asLong() == probeId && m.path("resourceId").asLong() == resourceId) {
                n++;
            }
        }
        return n;
    }

    /** probe-docker's resourceId of a name without a resource-id label: CRC-32 & 0x7fffffff. */
    private static long crc32(String name) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() & 0x7fffffffL;
    }

    private static String start(Workload w, String container, Consumer<Map<String, String>> overrides,
                                List<String> extra) throws IOException {
        return start(w, container, overrides, extra, Map.of());
    }

    /**
     * docker run of a pod template's container as the kubelet would run it (see the class comment).
     *
     * @param hostPaths hostPath volume name → path on this machine
     */
    private static String start(Workload w, String containerName, Consumer<Map<String, String>> overrides,
                                List<String> extra, Map<String, String> hostPaths) throws IOException {
        JsonNode spec = w.container(containerName);
        Map<String, String> env = new LinkedHashMap<>(manifests.environment(spec));
        // secretKeyRef values: resolved from the objects create-secrets.sh makes
        for (JsonNode e : spec.path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                env.put(e.path("name").asText(), secrets.text("Secret/" + ref.path("name").asText(), ref.path("key").asText()));
            }
        }
        env.entrySet().removeIf(e -> e.getValue().equals("<ref>")); // downward API: set by the caller
        overrides.accept(env);
        JsonNode security = w.podSpec().path("securityContext");
        String user = security.path("runAsUser").asText() + ":" + security.path("runAsGroup").asText();
        String name = PREFIX + (w.name.equals(containerName) ? containerName : w.name + "-" + containerName);
        List<String> run = new ArrayList<>(List.of("run", "-d", "--pull", "never", "--network", "host", "--name", name,
                "--read-only", "--user", user, "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--memory", spec.path("resources").path("limits").path("memory").asText().replace("Mi", "m").replace("Gi", "g")));
        for (JsonNode g : security.path("supplementalGroups")) {
            run.addAll(List.of("--group-add", g.asText()));
        }
        run.addAll(extra);
        for (JsonNode mount : spec.path("volumeMounts")) {
            JsonNode volume = null;
            for (JsonNode v : w.podSpec().path("volumes")) {
                if (v.path("name").asText().equals(mount.path("name").asText())) {
                    volume = v;
                }
            }
            String target = mount.path("mountPath").asText();
            if (volume.has("emptyDir")) {
                // like an emptyDir, and unlike docker's default tmpfs: exec allowed (JNA, used by
                // probe-docker's host metrics, maps the native library it extracts to /tmp)
                run.addAll(List.of("--tmpfs", target + ":rw,exec,size=64m,mode=1777"));
            } else if (volume.has("hostPath")) {
                String path = hostPaths.get(volume.path("name").asText());
                assumeTrue(path != null, "no stand-in for hostPath " + volume.path("name"));
                run.addAll(List.of("-v", path + ":" + target));
            } else {
                Path dir = volumeDirectory(w.name, volume);
                run.addAll(List.of("-v", dir + ":" + target + ":ro"));
            }
        }
        env.forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
        run.add(spec.path("image").asText()); // the images this test built are loaded under the manifests' names
        String id = DockerEngine.docker(Duration.ofSeconds(60), run).orFail("docker " + run).out().strip();
        CONTAINERS.add(id);
        return id;
    }

    /** The files of a Secret or ConfigMap volume, laid out as the kubelet does (items, modes, fsGroup). */
    private static Path volumeDirectory(String workload, JsonNode volume) throws IOException {
        boolean secret = volume.has("secret");
        JsonNode source = secret ? volume.path("secret") : volume.path("configMap");
        String object = secret ? "Secret/" + source.path("secretName").asText() : "ConfigMap/" + source.path("name").asText();
        JsonNode data = secrets.objects.get(object);
        assertTrue(data != null, "create-secrets.sh makes no " + object);
        Map<String, String> files = new LinkedHashMap<>();
        if (source.has("items")) {
            source.path("items").forEach(i -> files.put(i.path("key").asText(), i.path("path").asText()));
        } else {
            data.path("data").fieldNames().forEachRemaining(k -> files.put(k, k));
        }
        Path dir = Files.createDirectories(work.resolve("volumes").resolve(workload).resolve(volume.path("name").asText()));
        String mode = secret ? "r--r-----" : "r--r--r--";
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getValue());
            Files.write(file, secrets.value(object, f.getKey()));
            owned(file, mode);
        }
        owned(dir, secret ? "r-xr-x---" : "r-xr-xr-x");
        return dir;
    }

    /** root:65532 with the given mode: what a volume with defaultMode and fsGroup 65532 gives. */
    private static void owned(Path path, String mode) throws IOException {
        try {
            Files.setAttribute(path, "unix:gid", 65532);
        } catch (IOException | UnsupportedOperationException e) {
            throw new AssertionError("cannot give " + path + " to group 65532 (the image test runs as root, like CI)", e);
        }
        Files.getFileAttributeView(path, PosixFileAttributeView.class).setPermissions(PosixFilePermissions.fromString(mode));
    }

    private static void awaitExit(String container, int expected, Duration timeout) {
        Command.Result wait = DockerEngine.docker(timeout, "wait", container);
        assertEquals(String.valueOf(expected), wait.out().strip(), "exit code of " + container + "\n" + logs(container));
    }

    private static String logs(String container) {
        Command.Result r = DockerEngine.docker(Duration.ofSeconds(30), "logs", container);
        return Command.tail(r.out() + "\n" + r.err());
    }

    private static HttpRequest post(String body, String basicCredentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve("/monitor"))
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
                    serverContainer).out().strip();
            if (!running.equals("true")) {
                throw new AssertionError("the container stopped:\n" + logs(serverContainer));
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
        throw new AssertionError("not ready within 120 s (" + last + "):\n" + logs(serverContainer));
    }

    private static HttpClient https() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(secrets.value("ConfigMap/monitor-ca", "ca.crt")))) {
            trust.setCertificateEntry("ca" + i++, (X509Certificate) cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
