package eu.atmosphere.tmaf.monitor.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.testsupport.TestCa;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM reading with the JDK alone, and TLS key material that is checked and reloaded. */
class PemFilesTest {

    @TempDir
    Path directory;

    @Test
    void readsPkcs8AndPkcs1RsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        byte[] pkcs8 = key.getEncoded();
        // PKCS#8 = SEQUENCE { version, AlgorithmIdentifier (15 bytes), OCTET STRING { PKCS#1 } }
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 4 + 3 + 15 + 4, pkcs8.length);

        Path pkcs8File = directory.resolve("pkcs8.pem");
        Files.writeString(pkcs8File, PemFiles.pem("PRIVATE KEY", pkcs8));
        Path pkcs1File = directory.resolve("pkcs1.pem");
        Files.writeString(pkcs1File, PemFiles.pem("RSA PRIVATE KEY", pkcs1));

        assertArrayEquals(pkcs8, PemFiles.readPrivateKey(pkcs8File).getEncoded());
        assertArrayEquals(pkcs8, PemFiles.readPrivateKey(pkcs1File).getEncoded());
    }

    @Test
    void readsEcKeysAndChainsAndExplainsWhatItCannotRead() throws Exception {
        assertEquals("EC", PemFiles.readPrivateKey(TestCa.files().serverKey()).getAlgorithm());
        assertEquals(2, PemFiles.readCertificates(TestCa.files().serverChain()).size());

        Path sec1 = directory.resolve("sec1.pem");
        Files.writeString(sec1, PemFiles.pem("EC PRIVATE KEY", new byte[] {0x30, 0x00}));
        assertTrue(assertThrows(IllegalStateException.class, () -> PemFiles.readPrivateKey(sec1)).getMessage()
                .contains("openssl pkcs8 -topk8 -nocrypt"));
        Path encrypted = directory.resolve("encrypted.pem");
        Files.writeString(encrypted, PemFiles.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));
        assertThrows(IllegalStateException.class, () -> PemFiles.readPrivateKey(encrypted));
        Path none = directory.resolve("none.pem");
        Files.writeString(none, "hello");
        assertThrows(IllegalStateException.class, () -> PemFiles.readPrivateKey(none));
        assertThrows(IllegalStateException.class, () -> PemFiles.readCertificates(none));
    }

    @Test
    void reportsACorruptKeyAsCorruptAndAnUnknownAlgorithmAsUnsupported() throws Exception {
        byte[] ec = PemFiles.readPrivateKey(TestCa.files().serverKey()).getEncoded();
        Path truncated = directory.resolve("truncated.pem");
        Files.writeString(truncated, PemFiles.pem("PRIVATE KEY", Arrays.copyOf(ec, ec.length - 20)));
        String corrupt = assertThrows(IllegalStateException.class, () -> PemFiles.readPrivateKey(truncated))
                .getMessage();
        assertTrue(corrupt.contains("PKCS#8 EC key that cannot be decoded (corrupt or truncated)"), corrupt);

        byte[] unknown = ec.clone();
        byte[] ecOid = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
        int at = indexOf(unknown, ecOid);
        unknown[at + ecOid.length - 1] = 0x7F;
        Path foreign = directory.resolve("foreign.pem");
        Files.writeString(foreign, PemFiles.pem("PRIVATE KEY", unknown));
        String unsupported = assertThrows(IllegalStateException.class, () -> PemFiles.readPrivateKey(foreign))
                .getMessage();
        assertTrue(unsupported.contains("an algorithm the JDK does not support"), unsupported);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificateAndReloadsRenewedFiles() throws Exception {
        Path chain = directory.resolve("server.crt.pem");
        Path key = directory.resolve("server.key.pem");
        Files.copy(TestCa.files().serverChain(), chain);
        Files.copy(TestCa.files().serverKey(), key);
        Path otherChain = directory.resolve("other.crt.pem");
        Path otherKey = directory.resolve("other.key.pem");
        selfSigned("CN=renewed", otherChain, otherKey);

        IllegalStateException mismatch = assertThrows(IllegalStateException.class,
                () -> ServerTls.fromPem(chain, otherKey, Duration.ZERO));
        assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());

        try (ServerTls tls = ServerTls.fromPem(chain, key, Duration.ZERO)) {
            assertTrue(tls.describe().contains("CN=localhost"), tls.describe());
            Files.writeString(chain, "broken");
            tls.reloadIfChanged();
            assertTrue(tls.describe().contains("CN=localhost"), "unusable files keep the old certificate");

            Files.copy(otherChain, chain, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(otherKey, key, StandardCopyOption.REPLACE_EXISTING);
            tls.reloadIfChanged();
            assertTrue(tls.describe().contains("CN=renewed"), tls.describe());
        }
    }

    @Test
    void offersOnlyTls12And13WithForwardSecretAeadSuites() throws Exception {
        try (ServerTls tls = ServerTls.fromPem(TestCa.files().serverChain(), TestCa.files().serverKey(), Duration.ZERO)) {
            String[] suites = ServerTls.strongCipherSuites(tls.context());
            assertTrue(suites.length > 3);
            for (String suite : suites) {
                assertTrue(suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                        || suite.startsWith("TLS_ECDHE_") && !suite.contains("_CBC_"), suite);
            }
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(tls.engineConfigurator().getEnabledProtocols()));
        }
    }

    /** One keytool run: a self-signed EC certificate, exported as PEM chain + PKCS#8 key. */
    private void selfSigned(String subject, Path chain, Path key) throws Exception {
        Path store = directory.resolve("self.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject, "-validity", "30",
                "-ext", "san=dns:localhost,ip:127.0.0.1").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, keytool.exitValue());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        Files.writeString(chain, PemFiles.pem("CERTIFICATE", keyStore.getCertificate("server").getEncoded()));
        Files.writeString(key, PemFiles.pem("PRIVATE KEY", keyStore.getKey("server", "changeit".toCharArray())
                .getEncoded()));
    }
}
