package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import eu.atmosphere.tmaf.monitor.testsupport.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against a JDK HTTPS server on loopback whose certificate is signed by a test CA. */
class TlsTest {

    @TempDir
    static Path dir;
    static TestCa.Issued ca;
    static ScriptedMonitor monitor;

    @BeforeAll
    static void startHttpsMonitor() throws Exception {
        ca = TestCa.files();
        monitor = ScriptedMonitor.https(TestCa.serverContext());
    }

    @AfterAll
    static void stop() {
        monitor.close();
    }

    private static ClientConfig.Builder config() {
        return ClientConfig.builder(Map.of()).endpoint(monitor.base().toString())
                .retryPolicy(new RetryPolicy(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50), 2, 0, 2));
    }

    private static Message message(MonitorClient client) {
        Message message = client.createMessage();
        message.setResourceId(1);
        message.addData(new Data(Data.Type.MEASUREMENT, 1, new Observation(MonitorClient.nowSeconds(), 1.0)));
        return message;
    }

    @Test
    void trustsTheServerSignedByTheConfiguredCa() {
        SynchronousClient client = new SynchronousClient(config().caFile(ca.caCertificate()).build());
        assertEquals(200, client.send(message(client)));
    }

    @Test
    void refusesTheServerWithoutTheCaAndDoesNotRetry() {
        SynchronousClient client = new SynchronousClient(config().build());
        int before = monitor.requests().size();
        assertEquals(-1, client.send(message(client)));
        assertEquals(before, monitor.requests().size(), "no request got through");
        assertTrue(client.stats().lastError().contains("SSLHandshakeException"), client.stats().lastError());
        assertEquals(0, client.stats().retries());
    }

    @Test
    void insecureModeAcceptsAnyCertificateForThisClientOnly() throws Exception {
        SSLContext jvmDefault = SSLContext.getDefault();
        SSLSocketFactory urlConnectionDefault = HttpsURLConnection.getDefaultSSLSocketFactory();
        SynchronousClient insecure = new SynchronousClient(config().insecureTrustAll(true).build());
        assertEquals(200, insecure.send(message(insecure)));
        assertSame(jvmDefault, SSLContext.getDefault());
        assertSame(urlConnectionDefault, HttpsURLConnection.getDefaultSSLSocketFactory());
        SynchronousClient verifying = new SynchronousClient(config().build());
        assertEquals(-1, verifying.send(message(verifying)), "other clients still verify");
    }

    @Test
    void mergesTheCaFileWithTheSystemTrustStore() throws Exception {
        X509TrustManager system = TlsContexts.trustManager(null);
        X509TrustManager merged = TlsContexts.trustManager(ca.caCertificate());
        X509Certificate testCa = TlsContexts.readPem(ca.caCertificate()).get(0);
        assertTrue(Arrays.asList(merged.getAcceptedIssuers()).contains(testCa));
        assertTrue(Arrays.asList(merged.getAcceptedIssuers()).containsAll(Arrays.asList(system.getAcceptedIssuers())));
        assertEquals(system.getAcceptedIssuers().length + 1, merged.getAcceptedIssuers().length);
    }

    @Test
    void aCaFileWithoutCertificatesIsAConfigurationError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        assertThrows(GeneralSecurityException.class, () -> TlsContexts.readPem(empty));
        assertThrows(IllegalArgumentException.class, () -> new SynchronousClient(config().caFile(empty).build()));
    }
}
