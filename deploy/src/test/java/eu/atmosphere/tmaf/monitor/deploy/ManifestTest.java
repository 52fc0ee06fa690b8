package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.deploy.Manifests.Workload;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders each overlay with kustomize and checks it against the code it deploys: images are the
 * ones this build makes, environment variables are ones the programs read, ports and health
 * paths are the server's, every container is bounded and unprivileged, and no Secret is in the
 * repository.
 */
class ManifestTest {

    /** Directory of the module whose Jib configuration builds an image → the Deployment/DaemonSet container running it. */
    private static final Map<String, String> MODULES = Map.of(
            "server-image", "monitor-server",
            "probe-demo", "probe-demo",
            "probe-docker", "probe-docker");

    /** Environment variables every JVM reads besides the program's own. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    /** The only container allowed a writable root filesystem, and why (see kafka.yaml). */
    private static final Map<String, String> WRITABLE_ROOT = Map.of(
            "StatefulSet kafka/kafka", "the apache/kafka start script renders /opt/kafka/config/server.properties");

    @EachOverlay
    void everyImageIsOneTheBuildMakesOrThePinnedKafka(Manifests m) {
        Set<String> built = new TreeSet<>();
        for (String module : MODULES.keySet()) {
            String image = Repo.jibImage(module);
            assertNotNull(image, module + "/pom.xml has no jib-maven-plugin <to><image>: its image is not built");
            built.add(image);
        }
        String kafka = "apache/kafka:" + Repo.rootProperty("kafka.version");
        Set<String> used = new TreeSet<>();
        for (Workload w : m.workloads()) {
            for (JsonNode c : w.containers()) {
                String image = c.path("image").asText();
                used.add(image);
                assertTrue(built.contains(image) || image.equals(kafka),
                        m.overlay + ": " + w + " runs " + image + ", neither built here " + built + " nor " + kafka);
            }
        }
        assertTrue(used.containsAll(built), m.overlay + ": not every built image is deployed: " + used);
        assertTrue(used.contains(kafka), m.overlay + ": Kafka is not " + kafka + " (the client version): " + used);
    }

    @Test
    void theLocalOverlayIsDevWithTheLoadedImagesNeverPulled() {
        Manifests dev = Manifests.render("dev");
        Manifests local = Manifests.render("local");
        Set<String> built = new TreeSet<>();
        MODULES.keySet().forEach(module -> built.add(Repo.jibImage(module)));
        List<String> containers = new ArrayList<>();
        for (Workload w : local.workloads()) {
            for (JsonNode c : w.containers()) {
                String expected = built.contains(c.path("image").asText()) ? "Never" : "IfNotPresent";
                assertEquals(expected, c.path("imagePullPolicy").asText(), w + "/" + c.path("name").asText());
                containers.add(w + "/" + c.path("name").asText() + " " + c.path("image").asText());
            }
        }
        List<String> devContainers = new ArrayList<>();
        for (Workload w : dev.workloads()) {
            for (JsonNode c : w.containers()) {
                assertTrue(c.path("imagePullPolicy").isMissingNode(), "dev pulls as the cluster defaults: " + w);
                devContainers.add(w + "/" + c.path("name").asText() + " " + c.path("image").asText());
            }
        }
        assertEquals(devContainers, containers, "local runs what dev runs");
    }

    @EachOverlay
    void everyContainerIsBoundedAndUnprivileged(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            JsonNode pod = w.podSpec();
            JsonNode podSecurity = pod.path("securityContext");
            for (String forbidden : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(forbidden).asBoolean(false)) {
                    problems.add(w + ": " + forbidden);
                }
            }
            if (pod.path("automountServiceAccountToken").asBoolean(true)) {
                problems.add(w + ": mounts a service account token it does not need");
            }
            for (JsonNode c : w.containers()) {
                String where = w + "/" + c.path("name").asText();
                JsonNode resources = c.path("resources");
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (resources.path(kind).path(resource).isMissingNode()) {
                            problems.add(where + ": no " + kind + "." + resource);
                        }
                    }
                }
                JsonNode sc = c.path("securityContext");
                boolean nonRoot = sc.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false));
                long uid = sc.path("runAsUser").asLong(podSecurity.path("runAsUser").asLong(0));
                if (!nonRoot || uid == 0) {
                    problems.add(where + ": not runAsNonRoot with a non-zero runAsUser");
                }
                if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                    problems.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    problems.add(where + ": privileged");
                }
                List<String> dropped = new ArrayList<>();
                sc.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
                if (!dropped.contains("ALL")) {
                    problems.add(where + ": capabilities not dropped (drop: [ALL])");
                }
                if (!sc.path("capabilities").path("add").isMissingNode()) {
                    problems.add(where + ": adds capabilities");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false) && !WRITABLE_ROOT.containsKey(where)) {
                    problems.add(where + ": root filesystem not read-only");
                }
                String seccomp = sc.path("seccompProfile").path("type")
                        .asText(podSecurity.path("seccompProfile").path("type").asText(""));
                if (!seccomp.equals("RuntimeDefault")) {
                    problems.add(where + ": no RuntimeDefault seccomp profile");
                }
            }
        }
        assertNoProblems(m.overlay, problems);
    }

    @EachOverlay
    void environmentVariablesAreOnesTheProgramsRead(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : MODULES.entrySet()) {
            String module = e.getKey();
            Set<String> read = Repo.environmentRead(module);
            assertFalse(read.isEmpty(), module + ": no environment variable found in its sources");
            for (Workload w : m.workloads()) {
                for (JsonNode c : w.containers()) {
                    if (!c.path("image").asText().equals(Repo.jibImage(module))) {
                        continue;
                    }
                    for (String name : m.environment(c).keySet()) {
                        if (name.startsWith(KafkaClientSettings.ENVIRONMENT_PREFIX) && e.getValue().equals("monitor-server")) {
                            // one Kafka client setting each: the server refuses unknown and reserved keys
                            KafkaClientSettings.load(null, Map.of(name, "x"), List.of());
                        } else if (!read.contains(name) && !JVM_ENV.contains(name)) {
                            problems.add(w + "/" + c.path("name").asText() + " sets " + name
                                    + ", which " + module + " does not read (it reads " + read + ")");
                        }
                    }
                }
            }
        }
        assertNoProblems(m.overlay, problems);
    }

    @EachOverlay
    void fileSettingsPointIntoMountedVolumes(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (JsonNode c : w.containers()) {
                List<String> mounts = new ArrayList<>();
                c.path("volumeMounts").forEach(v -> mounts.add(v.path("mountPath").asText()));
                Set<String> volumes = new LinkedHashSet<>();
                w.podSpec().path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
                w.object.path("spec").path("volumeClaimTemplates").forEach(v -> volumes.add(v.path("metadata").path("name").asText()));
                c.path("volumeMounts").forEach(v -> {
                    if (!volumes.contains(v.path("name").asText())) {
                        problems.add(w + ": mounts undefined volume " + v.path("name").asText());
                    }
                });
                m.environment(c).forEach((name, value) -> {
                    if (value.startsWith("/") && !name.equals("KAFKA_LOG_DIRS")
                            && mounts.stream().noneMatch(p -> value.equals(p) || value.startsWith(p + "/"))) {
                        problems.add(w + ": " + name + "=" + value + " is on no mounted volume " + mounts);
                    }
                });
                // a secret item mounted as a file: the key must be one the Secret has (checked in
                // CreateSecretsTest); here: the path of the file the program is told to read exists
                for (JsonNode v : w.podSpec().path("volumes")) {
                    for (JsonNode item : v.path("secret").path("items")) {
                        String path = item.path("path").asText();
                        c.path("volumeMounts").forEach(mount -> {
                            if (mount.path("name").asText().equals(v.path("name").asText())) {
                                String file = mount.path("mountPath").asText() + "/" + path;
                                if (!m.environment(c).containsValue(file)) {
                                    problems.add(w + ": mounted secret file " + file + " is read by no setting");
                                }
                            }
                        });
                    }
                }
            }
        }
        assertNoProblems(m.overlay, problems);
    }

    @EachOverlay
    void serverPortsAndHealthPathsAreTheServers(Manifests m) {
        Workload server = m.workload("Deployment", "monitor-server");
        JsonNode c = server.container("monitor-server");
        Map<String, String> env = m.environment(c);
        String port = env.getOrDefault("MONITOR_PORT", Repo.environmentDefault("monitor-server", "MONITOR_PORT"));
        assertEquals("32025", port, "the seed's port");
        Map<String, Integer> ports = new LinkedHashMap<>();
        c.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertEquals(Integer.valueOf(port), ports.get("https"), "containerPort https = MONITOR_PORT");
        assertEquals("0.0.0.0", env.get("MONITOR_BIND_ADDRESS"), "a pod must listen beyond its loopback");
        assertFalse(env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "").isBlank(),
                "KAFKA_BOOTSTRAP_SERVERS empty would start the embedded broker in every replica");
        assertEquals("false", env.get("MONITOR_ALLOW_ANONYMOUS"));

        Set<String> paths = jaxRsPaths(Repo.module("monitor-server"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = c.path(probe).path("httpGet");
            assertFalse(get.isMissingNode(), probe + " missing");
            assertTrue(paths.contains(get.path("path").asText()), probe + " " + get.path("path") + " not in " + paths);
            assertEquals("https", get.path("port").asText(), probe + " port");
        }
        assertEquals("/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/health/live", c.path("livenessProbe").path("httpGet").path("path").asText());

        JsonNode service = m.get("Service", "monitor-server");
        assertEquals("NodePort", service.path("spec").path("type").asText());
        JsonNode servicePort = service.path("spec").path("ports").get(0);
        assertEquals(32025, servicePort.path("nodePort").asInt(), "NodePort 32025 as in the seed");
        assertEquals(32025, servicePort.path("port").asInt());
        assertEquals("https", servicePort.path("targetPort").asText());
        assertSelects(m, service, server);
    }

    @EachOverlay
    void serverIsReplicatedAndScalable(Manifests m) {
        Workload server = m.workload("Deployment", "monitor-server");
        assertTrue(server.object.path("spec").path("replicas").asInt() >= 2, "at least 2 replicas");
        JsonNode pdb = m.get("PodDisruptionBudget", "monitor-server");
        assertSelects(m, pdb, server);
        assertTrue(pdb.path("spec").path("minAvailable").asInt() >= 1);
        JsonNode hpa = m.get("HorizontalPodAutoscaler", "monitor-server");
        assertEquals("monitor-server", hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertTrue(hpa.path("spec").path("minReplicas").asInt() >= 2);
        assertTrue(hpa.path("spec").path("maxReplicas").asInt() > hpa.path("spec").path("minReplicas").asInt());
        // the HPA scales on CPU utilisation: a percentage of the request, which must be set
        assertFalse(server.container("monitor-server").path("resources").path("requests").path("cpu").isMissingNode());
        // the image sizes the heap from the memory limit (75 %): the limit must leave room
        String memory = server.container("monitor-server").path("resources").path("limits").path("memory").asText();
        assertTrue(memory.endsWith("Mi") && Integer.parseInt(memory.replace("Mi", "")) >= 384
                || memory.endsWith("Gi"), "memory limit " + memory);
    }

    @Test
    void kafkaDevIsOneBrokerAndProdThreeWithReplicationThree() {
        checkKafka(Manifests.render("dev"), 1, 1, 1);
        checkKafka(Manifests.render("prod"), 3, 3, 2);
    }

    private static void checkKafka(Manifests m, int brokers, int replication, int minInsync) {
        String o = m.overlay + ": ";
        Workload kafka = m.workload("StatefulSet", "kafka");
        assertEquals(brokers, kafka.object.path("spec").path("replicas").asInt(), o + "brokers");
        assertEquals("kafka-headless", kafka.object.path("spec").path("serviceName").asText());
        assertFalse(kafka.object.path("spec").path("volumeClaimTemplates").isEmpty(), o + "no PersistentVolumeClaims");
        Map<String, String> env = m.environment(kafka.container("kafka"));
        assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"), o + "KRaft combined mode");
        assertFalse(env.containsKey("KAFKA_ZOOKEEPER_CONNECT"), o + "ZooKeeper");
        assertEquals(22, env.get("CLUSTER_ID").length(), o + "CLUSTER_ID must be a base64 UUID (22 characters)");
        List<String> voters = List.of(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","));
        assertEquals(brokers, voters.size(), o + "one voter per broker: " + voters);
        for (int i = 0; i < brokers; i++) {
            assertEquals(i + "@kafka-" + i + ".kafka-headless:9093", voters.get(i), o + "voter " + i);
        }
        assertEquals(String.valueOf(replication), env.get("KAFKA_DEFAULT_REPLICATION_FACTOR"), o);
        assertEquals(String.valueOf(replication), env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"), o);
        assertEquals(String.valueOf(replication), env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"), o);
        assertEquals(String.valueOf(minInsync), env.get("KAFKA_MIN_INSYNC_REPLICAS"), o);
        assertEquals(String.valueOf(minInsync), env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"), o);

        JsonNode topic = m.configMap(configMapName(m, "kafka-topic")).path("data");
        assertEquals(String.valueOf(replication), topic.path("TOPIC_REPLICATION_FACTOR").asText(), o);
        assertEquals(String.valueOf(minInsync), topic.path("TOPIC_MIN_INSYNC_REPLICAS").asText(), o);
        assertTrue(topic.path("TOPIC_PARTITIONS").asInt() >= 1, o);
        assertTrue(minInsync < replication || replication == 1, o + "min.insync.replicas must leave room for a broker down");

        // every KAFKA_* variable the image turns into a property is a real broker setting
        Set<String> known = new TreeSet<>(AbstractKafkaConfig.CONFIG_DEF.names());
        known.add(StandardAuthorizer.SUPER_USERS_CONFIG); // read by the authorizer, not in the broker's definition
        Set<String> nonProperties = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
                "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_GC_LOG_OPTS");
        for (String name : env.keySet()) {
            if (name.startsWith("KAFKA_") && !nonProperties.contains(name)) {
                String property = name.substring("KAFKA_".length()).toLowerCase()
                        .replace("___", "-").replace("__", "\u0000").replace("_", ".").replace("\u0000", "_");
                // per-listener settings: listener.name.<listener>.[<sasl mechanism>.]<setting>
                Matcher perListener = Pattern.compile("listener\\.name\\.([a-z]+)\\.(?:(?:plain|scram-sha-512)\\.)?(.+)")
                        .matcher(property);
                if (perListener.matches()) {
                    assertTrue(env.get("KAFKA_LISTENERS").contains(perListener.group(1).toUpperCase() + "://"),
                            o + name + ": no listener " + perListener.group(1));
                    property = perListener.group(2);
                }
                assertTrue(known.contains(property), o + name + " → " + property + " is no Kafka broker setting");
            }
        }
        assertSelects(m, m.get("Service", "kafka"), kafka);
        assertSelects(m, m.get("Service", "kafka-headless"), kafka);
        assertTrue(m.get("Service", "kafka-headless").path("spec").path("publishNotReadyAddresses").asBoolean());
        assertSelects(m, m.get("PodDisruptionBudget", "kafka"), kafka);

        // the server reaches the brokers' client listener through the Service, the set-up Job their internal one
        Map<String, String> server = m.environment(m.workload("Deployment", "monitor-server").container("monitor-server"));
        assertEquals("kafka:9092", server.get("KAFKA_BOOTSTRAP_SERVERS"), o);
        Map<String, String> job = m.environment(m.workload("Job", "kafka-topic").container("create-topic"));
        assertEquals("kafka-headless:9094", job.get("BOOTSTRAP_SERVERS"), o);
        assertEquals(server.get("MONITOR_TOPIC"), job.get("TOPIC"), o + "the Job creates the server's topic");
    }

    @EachOverlay
    void kafkaAuthenticatesEveryListenerAdvertisesQualifiedNamesAndAdmitsOnlyTheMonitorAndConsumers(Manifests m) {
        Workload kafka = m.workload("StatefulSet", "kafka");
        Map<String, String> env = m.environment(kafka.container("kafka"));
        Map<String, String> protocols = new LinkedHashMap<>();
        for (String entry : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            protocols.put(entry.split(":")[0], entry.split(":")[1]);
        }
        assertEquals(Map.of("CLIENT", "SASL_SSL", "CONTROLLER", "SASL_PLAINTEXT", "INTERNAL", "SASL_PLAINTEXT"),
                protocols, "every listener authenticates; clients over TLS");
        assertEquals("CLIENT://:9092,CONTROLLER://:9093,INTERNAL://:9094", env.get("KAFKA_LISTENERS"));
        assertEquals("SCRAM-SHA-512", env.get("KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS"));
        assertEquals("PEM", env.get("KAFKA_LISTENER_NAME_CLIENT_SSL_KEYSTORE_TYPE"));
        assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", env.get("KAFKA_AUTHORIZER_CLASS_NAME"));
        assertEquals("User:broker", env.get("KAFKA_SUPER_USERS"), "only the brokers bypass the ACLs");
        assertFalse(env.containsKey("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"));
        for (String listener : List.of("CONTROLLER", "INTERNAL")) {
            String jaas = envValue(kafka.container("kafka"), "KAFKA_LISTENER_NAME_" + listener + "_PLAIN_SASL_JAAS_CONFIG");
            assertTrue(jaas.contains("password=\"$(BROKER_SASL_PASSWORD)\""), jaas);
        }
        assertEquals("kafka-broker-credentials", secretRef(kafka.container("kafka"), "BROKER_SASL_PASSWORD"));
        // advertised: fully qualified, so that consumers in other namespaces resolve them
        String advertised = envValue(kafka.container("kafka"), "KAFKA_ADVERTISED_LISTENERS");
        assertEquals("CLIENT://$(POD_NAME).kafka-headless.$(POD_NAMESPACE).svc.cluster.local:9092,"
                + "INTERNAL://$(POD_NAME).kafka-headless.$(POD_NAMESPACE).svc.cluster.local:9094", advertised);
        assertEquals("metadata.namespace", fieldRef(kafka.container("kafka"), "POD_NAMESPACE"));
        assertEquals("metadata.name", fieldRef(kafka.container("kafka"), "POD_NAME"));

        // the monitor: its own principal over SASL_SSL, trusting Kafka's CA
        JsonNode monitor = m.workload("Deployment", "monitor-server").container("monitor-server");
        Map<String, String> server = m.environment(monitor);
        assertEquals("SASL_SSL", server.get("KAFKA_PROPERTY_SECURITY_PROTOCOL"));
        assertEquals("SCRAM-SHA-512", server.get("KAFKA_PROPERTY_SASL_MECHANISM"));
        assertEquals("kafka-user-tma-monitor", secretRef(monitor, "KAFKA_PROPERTY_SASL_JAAS_CONFIG"));

        // the NetworkPolicy: port by port, who may connect to the brokers
        JsonNode policy = m.get("NetworkPolicy", "kafka");
        assertEquals(Map.of("app.kubernetes.io/name", "kafka"), new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
                policy.path("spec").path("podSelector").path("matchLabels"), Map.class), "the policy guards the brokers");
        assertEquals("[\"Ingress\"]", policy.path("spec").path("policyTypes").toString());
        Map<String, Set<Integer>> admitted = new TreeMapOfPorts();
        for (JsonNode rule : policy.path("spec").path("ingress")) {
            Set<Integer> ports = new TreeSet<>();
            rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
            assertFalse(ports.isEmpty(), "a rule without ports admits every port");
            for (JsonNode peer : rule.path("from")) {
                String namespaces = peer.has("namespaceSelector") ? "any namespace " : "";
                assertFalse(peer.path("podSelector").path("matchLabels").isEmpty(), "a peer without pod labels: " + peer);
                admitted.computeIfAbsent(namespaces + peer.path("podSelector").path("matchLabels"), k -> new TreeSet<>())
                        .addAll(ports);
            }
        }
        assertEquals(Map.of(
                "{\"app.kubernetes.io/name\":\"kafka\"}", Set.of(9092, 9093, 9094),
                "{\"app.kubernetes.io/name\":\"kafka-topic\"}", Set.of(9094),
                "{\"app.kubernetes.io/name\":\"monitor-server\"}", Set.of(9092),
                "any namespace {\"tma-monitor/kafka-consumer\":\"true\"}", Set.of(9092)), admitted);
        Set<String> admittedNames = Set.of("kafka", "kafka-topic", "monitor-server");
        for (Workload w : m.workloads()) {
            if (!admittedNames.contains(w.name)) {
                assertFalse(w.podLabels().containsKey("tma-monitor/kafka-consumer"), w + " must not reach Kafka");
                assertFalse(admittedNames.contains(w.podLabels().get("app.kubernetes.io/name")), w + " must not reach Kafka");
            }
        }
        assertTrue(kafka.podLabels().get("app.kubernetes.io/name").equals("kafka"));
        assertEquals("kafka-topic", m.workload("Job", "kafka-topic").podLabels().get("app.kubernetes.io/name"));
        assertEquals("monitor-server", m.workload("Deployment", "monitor-server").podLabels().get("app.kubernetes.io/name"));
    }

    private static JsonNode envEntry(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("name"));
    }

    private static String envValue(JsonNode container, String name) {
        return envEntry(container, name).path("value").asText();
    }

    private static String secretRef(JsonNode container, String name) {
        return envEntry(container, name).path("valueFrom").path("secretKeyRef").path("name").asText();
    }

    private static String fieldRef(JsonNode container, String name) {
        return envEntry(container, name).path("valueFrom").path("fieldRef").path("fieldPath").asText();
    }

    @SuppressWarnings("serial")
    private static final class TreeMapOfPorts extends java.util.TreeMap<String, Set<Integer>> {
    }

    @EachOverlay
    void probesReachTheServerOverHttpsAndTheDockerProbeRunsPerNode(Manifests m) {
        JsonNode service = m.get("Service", "monitor-server");
        List<JsonNode> probes = new ArrayList<>(m.workload("Deployment", "probe-demo").containers());
        probes.addAll(m.workload("DaemonSet", "probe-docker").containers());
        probes.addAll(m.workload("DaemonSet", "probe-containerd").containers());
        for (JsonNode c : probes) {
            String probe = c.path("name").asText();
            URI url = URI.create(m.environment(c).get("TMA_MONITOR_URL"));
            assertEquals("https", url.getScheme(), probe + ": TLS");
            assertEquals(service.path("metadata").path("name").asText(), url.getHost(), probe + ": the Service");
            assertEquals(service.path("spec").path("ports").get(0).path("port").asInt(), url.getPort(), probe + ": port");
            assertTrue(m.environment(c).containsKey("TMA_CA_FILE"), probe + ": trusts the monitor's CA");
            assertTrue(m.environment(c).containsKey("TMA_PROBE_SECRET_FILE"), probe + ": authenticates");
        }
        Workload docker = m.workload("DaemonSet", "probe-docker");
        JsonNode socket = null;
        for (JsonNode v : docker.podSpec().path("volumes")) {
            if (v.has("hostPath")) {
                socket = v.path("hostPath");
            }
        }
        assertNotNull(socket, "probe-docker mounts the Docker socket");
        assertEquals("/var/run/docker.sock", socket.path("path").asText());
        assertEquals("Socket", socket.path("type").asText(), "only a real socket, never an empty directory in its place");
        JsonNode host = docker.container("host");
        assertEquals("true", m.environment(host).get("TMA_HOST_MODE"), "container host reports the node");
        boolean nodeName = false;
        for (JsonNode e : host.path("env")) {
            nodeName |= e.path("name").asText().equals("TMA_HOST_NAME")
                    && e.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("spec.nodeName");
        }
        assertTrue(nodeName, "the node's resource is named from the downward API");
        JsonNode containers = docker.container("containers");
        assertTrue(containers.path("volumeMounts").findValuesAsText("mountPath").contains("/var/run/docker.sock"));
        assertEquals("unix:///var/run/docker.sock", m.environment(containers).get("DOCKER_HOST"));
        assertEquals("true", docker.podSpec().path("nodeSelector").path("tma-monitor/docker-socket").asText(),
                "probe-docker only on nodes labelled as having a Docker socket");
    }

    @EachOverlay
    void theContainerdProbeRunsOnEveryOtherNodeWithTheSocketReadOnly(Manifests m) {
        Workload containerd = m.workload("DaemonSet", "probe-containerd");
        JsonNode pod = containerd.podSpec();
        JsonNode term = pod.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
                .path("nodeSelectorTerms").get(0).path("matchExpressions").get(0);
        assertEquals("tma-monitor/docker-socket", term.path("key").asText());
        assertEquals("NotIn", term.path("operator").asText(), "the nodes probe-docker does not run on");
        assertEquals("true", term.path("values").get(0).asText());
        Map<String, JsonNode> hostPaths = new java.util.HashMap<>();
        pod.path("volumes").forEach(v -> {
            if (v.has("hostPath")) {
                hostPaths.put(v.path("name").asText(), v.path("hostPath"));
            }
        });
        assertEquals(Set.of("containerd-socket", "host-proc"), hostPaths.keySet(), "no Docker socket here");
        assertEquals("/run/containerd/containerd.sock", hostPaths.get("containerd-socket").path("path").asText());
        assertEquals("Socket", hostPaths.get("containerd-socket").path("type").asText());
        assertEquals("/proc", hostPaths.get("host-proc").path("path").asText());
        JsonNode containers = containerd.container("containers");
        Map<String, String> env = m.environment(containers);
        assertEquals("containerd", env.get("TMA_CONTAINER_RUNTIME"), "forced: a Docker node never reports twice");
        assertEquals("k8s.io", env.get("CONTAINERD_NAMESPACE"));
        for (JsonNode mount : containers.path("volumeMounts")) {
            if (hostPaths.containsKey(mount.path("name").asText())) {
                assertTrue(mount.path("readOnly").asBoolean(false), mount + " is read-only");
                assertEquals(hostPaths.get(mount.path("name").asText()).path("path").asText().equals("/proc")
                        ? env.get("TMA_PROC_ROOT") : env.get("CONTAINERD_ADDRESS"), mount.path("mountPath").asText());
            }
        }
        assertEquals(0, pod.path("securityContext").path("supplementalGroups").get(0).asInt(),
                "the group of containerd's socket (root:root 0660 by default), see docs/deploy.md");
        assertEquals("true", m.environment(containerd.container("host")).get("TMA_HOST_MODE"));
    }

    @EachOverlay
    void noSecretIsRenderedAndEveryReferencedOneIsNamed(Manifests m) {
        assertEquals(0, m.ofKind("Secret").count(), "Secrets are created by create-secrets.sh, never rendered");
        assertEquals(Set.of("monitor-tls", "monitor-probe-credentials", "monitor-token-key",
                "probe-demo-credentials", "probe-docker-credentials", "kafka-tls", "kafka-broker-credentials",
                "kafka-users", "kafka-user-tma-monitor"), referencedSecrets(m).keySet(),
                "the Secrets create-secrets.sh creates");
    }

    /** Secret name → keys referenced (empty: the whole Secret is mounted). */
    static Map<String, Set<String>> referencedSecrets(Manifests m) {
        Map<String, Set<String>> secrets = new TreeMapOfSets();
        for (Workload w : m.workloads()) {
            for (JsonNode v : w.podSpec().path("volumes")) {
                if (v.has("secret")) {
                    Set<String> keys = secrets.computeIfAbsent(v.path("secret").path("secretName").asText(), k -> new TreeSet<>());
                    v.path("secret").path("items").forEach(i -> keys.add(i.path("key").asText()));
                }
            }
            for (JsonNode c : w.containers()) {
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        secrets.computeIfAbsent(ref.path("name").asText(), k -> new TreeSet<>()).add(ref.path("key").asText());
                    }
                }
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("secretRef")) {
                        secrets.computeIfAbsent(from.path("secretRef").path("name").asText(), k -> new TreeSet<>());
                    }
                }
            }
        }
        return secrets;
    }

    /** ConfigMaps referenced that kustomize does not generate: created by create-secrets.sh. */
    static Set<String> externalConfigMaps(Manifests m) {
        Set<String> generated = m.ofKind("ConfigMap").map(c -> c.path("metadata").path("name").asText())
                .collect(Collectors.toSet());
        Set<String> external = new TreeSet<>();
        for (Workload w : m.workloads()) {
            for (JsonNode v : w.podSpec().path("volumes")) {
                if (v.has("configMap") && !generated.contains(v.path("configMap").path("name").asText())) {
                    external.add(v.path("configMap").path("name").asText());
                }
            }
        }
        return external;
    }

    @SuppressWarnings("serial")
    private static final class TreeMapOfSets extends java.util.TreeMap<String, Set<String>> {
    }

    @Test
    void noPrivateKeyOrSecretDataIsCommittedUnderDeploy() throws IOException {
        Pattern privateKey = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
        Pattern secretKind = Pattern.compile("(?m)^kind:\\s*Secret\\s*$");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.DEPLOY)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(Repo.DEPLOY.resolve("target"))).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".p12") || name.endsWith(".jks") || name.endsWith(".key") || name.endsWith(".pem")
                        || name.endsWith(".crt") || name.endsWith(".credentials")) {
                    problems.add(f + ": key or certificate material");
                    continue;
                }
                if (name.endsWith(".java")) {
                    continue; // this test names the patterns it looks for
                }
                String text = Files.readString(f);
                if (privateKey.matcher(text).find()) {
                    problems.add(f + ": a private key");
                }
                if ((name.endsWith(".yaml") || name.endsWith(".yml")) && secretKind.matcher(text).find()) {
                    problems.add(f + ": a Secret object");
                }
                if ((name.endsWith(".yaml") || name.endsWith(".yml")) && text.contains("secretGenerator")) {
                    problems.add(f + ": a secretGenerator (its data would be committed)");
                }
            }
        }
        assertNoProblems("deploy", problems);
    }

    /** Each overlay's test: run for dev and for prod, given the overlay's rendered manifests. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @MethodSource("eu.atmosphere.tmaf.monitor.deploy.ManifestTest#overlays")
    @interface EachOverlay {
    }

    static Stream<Named<Manifests>> overlays() {
        return Stream.of("dev", "prod").map(overlay -> Named.of(overlay, Manifests.render(overlay)));
    }

    private static void assertNoProblems(String where, List<String> problems) {
        assertTrue(problems.isEmpty(), where + ":\n  " + String.join("\n  ", problems));
    }

    /** The object's selector (Service spec.selector or spec.selector.matchLabels) matches the workload's pods. */
    private static void assertSelects(Manifests m, JsonNode selecting, Workload w) {
        JsonNode selector = selecting.path("spec").path("selector");
        if (selector.has("matchLabels")) {
            selector = selector.path("matchLabels");
        }
        assertFalse(selector.isEmpty(), m.overlay + ": empty selector in " + selecting.path("metadata").path("name"));
        Map<String, String> labels = w.podLabels();
        selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(), labels.get(e.getKey()),
                m.overlay + ": " + selecting.path("kind").asText() + " " + selecting.path("metadata").path("name").asText()
                        + " does not select " + w));
    }

    private static String configMapName(Manifests m, String prefix) {
        return m.ofKind("ConfigMap").map(c -> c.path("metadata").path("name").asText())
                .filter(n -> n.equals(prefix) || n.startsWith(prefix + "-") && n.length() == prefix.length() + 11)
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + prefix));
    }

    /** JAX-RS resource paths declared in the module's sources: class {@code @Path} + method {@code @Path}. */
    static Set<String> jaxRsPaths(Path module) {
        Pattern path = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                int classAt = source.indexOf(" class ");
                Matcher mm = path.matcher(source);
                String base = null;
                while (mm.find()) {
                    if (mm.start() < classAt) {
                        base = "/" + mm.group(1).replaceAll("^/|/$", "");
                        paths.add(base);
                    } else if (base != null) {
                        paths.add(base + "/" + mm.group(1).replaceAll("^/", ""));
                    } else {
                        paths.add("/" + mm.group(1).replaceAll("^/", ""));
                    }
                }
            }
        } catch (IOException e) {
            fail(e);
        }
        return paths;
    }
}
