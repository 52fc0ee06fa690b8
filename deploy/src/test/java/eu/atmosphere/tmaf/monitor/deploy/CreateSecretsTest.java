package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/create-secrets.sh (dry run): makes every Secret and ConfigMap the manifests refer to,
 * with the keys they mount; a server certificate for the Service names and the given hosts,
 * signed by the CA the probes trust; probe secrets only as hashes in the server's file; files
 * owner-only; a re-run keeps the CA and the probes' secrets.
 */
class CreateSecretsTest {

    @TempDir
    static Path work;

    private static SecretsFixture secrets;

    @BeforeAll
    static void create() throws Exception {
        secrets = SecretsFixture.create(work.resolve("out"), "--host", "192.0.2.10", "--host", "monitor.example.org",
                "--namespace", "tma-monitor");
    }

    @Test
    void makesEverySecretAndConfigMapTheManifestsReferTo() {
        for (String overlay : List.of("dev", "prod")) {
            Manifests m = Manifests.render(overlay);
            for (Map.Entry<String, Set<String>> e : ManifestTest.referencedSecrets(m).entrySet()) {
                for (String key : e.getValue()) {
                    assertTrue(secrets.value("Secret/" + e.getKey(), key).length > 0, e.getKey() + "/" + key);
                }
                assertTrue(secrets.objects.containsKey("Secret/" + e.getKey()), e.getKey());
            }
            for (String name : ManifestTest.externalConfigMaps(m)) {
                assertTrue(secrets.objects.containsKey("ConfigMap/" + name), name);
            }
            // whole-Secret mounts: the files the server is told to read are keys of the Secret
            var server = m.workload("Deployment", "monitor-server");
            Map<String, String> env = m.environment(server.container("monitor-server"));
            for (String setting : List.of("MONITOR_TLS_CERT", "MONITOR_TLS_KEY", "MONITOR_CREDENTIALS_FILE",
                    "MONITOR_TOKEN_KEY_FILE")) {
                String file = env.get(setting);
                String found = null;
                for (JsonNode mount : server.container("monitor-server").path("volumeMounts")) {
                    String dir = mount.path("mountPath").asText() + "/";
                    if (file.startsWith(dir)) {
                        for (JsonNode v : server.podSpec().path("volumes")) {
                            if (v.path("name").asText().equals(mount.path("name").asText())) {
                                found = v.path("secret").path("secretName").asText();
                            }
                        }
                        assertTrue(secrets.value("Secret/" + found, file.substring(dir.length())).length > 0, setting);
                    }
                }
                assertTrue(found != null, setting + "=" + file + " is in no mounted Secret");
            }
        }
        for (JsonNode o : secrets.objects.values()) {
            assertEquals("tma-monitor", o.path("metadata").path("namespace").asText());
        }
    }

    @Test
    void serverCertificateCoversTheServiceAndTheHostsAndChainsToTheCa() throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        x509.generateCertificates(new ByteArrayInputStream(secrets.value("Secret/monitor-tls", "tls.crt")))
                .forEach(c -> chain.add((X509Certificate) c));
        X509Certificate ca = (X509Certificate) x509.generateCertificate(
                new ByteArrayInputStream(secrets.value("ConfigMap/monitor-ca", "ca.crt")));
        X509Certificate server = chain.get(0);
        server.verify(ca.getPublicKey());
        server.checkValidity();
        Set<String> names = new TreeSet<>();
        for (List<?> san : server.getSubjectAlternativeNames()) {
            names.add(san.get(1).toString());
        }
        assertTrue(names.containsAll(List.of("monitor-server", "monitor-server.tma-monitor.svc",
                "monitor-server.tma-monitor.svc.cluster.local", "192.0.2.10", "monitor.example.org")), names.toString());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA is a CA");
        assertTrue(secrets.text("Secret/monitor-tls", "tls.key").contains("PRIVATE KEY"));
        assertEquals("kubernetes.io/tls", secrets.objects.get("Secret/monitor-tls").path("type").asText());
    }

    @Test
    void probeSecretsAreOnlyHashedInTheServersFileAndFilesAreOwnerOnly() throws Exception {
        String credentials = secrets.text("Secret/monitor-probe-credentials", "probes.credentials");
        for (String probe : List.of("probe-demo-credentials", "probe-docker-credentials")) {
            String id = secrets.text("Secret/" + probe, "probe-id");
            String secret = secrets.text("Secret/" + probe, "secret").strip();
            assertTrue(secret.length() >= 32, "a generated secret");
            assertTrue(credentials.contains("\n" + id + " "), "probe " + id + " registered");
            assertFalse(credentials.contains(secret), "the server's file holds no secret");
            assertFalse(secrets.log.contains(secret), "no secret in the script's output");
        }
        assertTrue(secrets.text("Secret/monitor-token-key", "token.key").strip().length() >= 32);
        try (var files = Files.walk(secrets.directory)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
                assertFalse(p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.GROUP_READ),
                        f + " is readable by others: " + p);
            }
        }
    }

    @Test
    void aRerunKeepsTheCaAndTheProbeSecrets() throws Exception {
        Path dir = work.resolve("rerun");
        SecretsFixture first = SecretsFixture.create(dir);
        SecretsFixture second = SecretsFixture.create(dir, "--host", "198.51.100.7");
        assertEquals(first.text("ConfigMap/monitor-ca", "ca.crt"), second.text("ConfigMap/monitor-ca", "ca.crt"));
        assertEquals(first.text("Secret/probe-demo-credentials", "secret"), second.text("Secret/probe-demo-credentials", "secret"));
        assertEquals(first.text("Secret/monitor-token-key", "token.key"), second.text("Secret/monitor-token-key", "token.key"));
        assertTrue(new String(second.value("Secret/monitor-tls", "tls.crt"), StandardCharsets.US_ASCII).length() > 0);
    }
}
