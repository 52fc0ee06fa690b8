package eu.atmosphere.tmaf.monitor.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority and a server certificate for {@code localhost}/{@code 127.0.0.1}, made once
 * per test JVM with the JDK's {@code keytool} (EC P-256) in a temporary directory deleted at exit: no key is ever
 * committed. The same files serve the PEM options of the server ({@code --tls-cert}/{@code --tls-key}), its PKCS#12
 * option, and the CA file of clients.
 *
 * <pre>{@code
 * TestCa.Issued tls = TestCa.files();
 * ServerConfig.builder().tlsPem(tls.serverChain(), tls.serverKey());
 * HttpClient client = TestCa.client();          // trusts the test CA only
 * }</pre>
 */
public final class TestCa {

    /** Password of {@link Issued#serverKeystore()}. */
    public static final char[] PASSWORD = "changeit".toCharArray();

    private static final String SERVER_ALIAS = "server";

    private static Issued issued;

    private TestCa() {
    }

    /**
     * The files of the test CA.
     *
     * @param caCertificate  the CA certificate, PEM
     * @param serverChain    the server certificate then the CA certificate, PEM
     * @param serverKey      the server's private key, PKCS#8 PEM
     * @param serverKeystore the server's key and chain, PKCS#12, password {@link #PASSWORD}
     * @param serverKeystorePassword a file holding {@link #PASSWORD}
     */
    public record Issued(Path caCertificate, Path serverChain, Path serverKey, Path serverKeystore,
                         Path serverKeystorePassword) {
    }

    /** @return the CA and server files, created on first use */
    public static synchronized Issued files() {
        if (issued == null) {
            try {
                Path directory = Files.createTempDirectory("tma-test-ca");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(directory)));
                issued = create(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read what keytool wrote", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while keytool ran", e);
            }
        }
        return issued;
    }

    /** @return a TLS context that trusts the test CA only */
    public static SSLContext trustingCa() {
        try (InputStream in = Files.newInputStream(files().caCertificate())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a TLS context that presents the server certificate (for a test's own HTTPS server) */
    public static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(files().serverKeystore()), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a JDK HTTP client that trusts the test CA */
    public static HttpClient client() {
        return HttpClient.newBuilder().sslContext(trustingCa()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static Issued create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path crt = dir.resolve("server.crt");
        Path caPem = dir.resolve("ca.crt.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=TMA Test CA",
                "-ext", "bc:c", "-validity", "30", "-keystore", ca.toString());
        keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-file", caPem.toString());
        keytool("-genkeypair", "-alias", SERVER_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-validity", "30", "-keystore", server.toString());
        keytool("-certreq", "-alias", SERVER_ALIAS, "-keystore", server.toString(), "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(), "-outfile",
                crt.toString(), "-rfc", "-validity", "30", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-ext", "eku=serverAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", server.toString());
        keytool("-importcert", "-alias", SERVER_ALIAS, "-file", crt.toString(), "-keystore", server.toString());
        Files.delete(ca);

        KeyStore store = load(server);
        StringBuilder chain = new StringBuilder();
        for (Certificate certificate : store.getCertificateChain(SERVER_ALIAS)) {
            chain.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Path chainPem = dir.resolve("server.crt.pem");
        Files.writeString(chainPem, chain);
        Key key = store.getKey(SERVER_ALIAS, PASSWORD);
        Path keyPem = dir.resolve("server.key.pem");
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        Path password = dir.resolve("server.password");
        Files.writeString(password, new String(PASSWORD) + "\n");
        return new Issued(caPem, chainPem, keyPem, server, password);
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // an unexpected prompt fails at once instead of waiting for input
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + directory + ": " + e);
        }
    }
}
