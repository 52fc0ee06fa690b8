package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.server.tls.DevCertificates;
import eu.atmosphere.tmaf.monitor.server.tls.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a server certificate for localhost/127.0.0.1, made once per test JVM at test
 * time with the dev-certs helper (the JDK's keytool) in a temporary directory deleted at exit:
 * no key is ever committed.
 */
public final class TestCa {

    private static DevCertificates.Issued issued;

    private TestCa() {
    }

    /** @return the CA and server files, created on first use */
    public static synchronized DevCertificates.Issued files() {
        if (issued == null) {
            try {
                Path directory = Files.createTempDirectory("tma-test-ca");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(directory)));
                issued = DevCertificates.create(directory, List.of("dns:localhost", "ip:127.0.0.1"), 30);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return issued;
    }

    /** @return a TLS context that trusts the test CA only */
    public static SSLContext trustingCa() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test-ca", PemFiles.readCertificates(files().caCertificate()).get(0));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a JDK HTTP client that trusts the test CA */
    public static HttpClient client() {
        return HttpClient.newBuilder().sslContext(trustingCa()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
