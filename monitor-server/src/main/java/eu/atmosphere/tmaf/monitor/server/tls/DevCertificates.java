package eu.atmosphere.tmaf.monitor.server.tls;

import eu.atmosphere.tmaf.monitor.server.auth.FilePermissions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Creates a development certificate authority and a server certificate signed by it, with the
 * JDK's {@code keytool} (EC P-256, SHA-256) and the JDK's key store API for the PEM files. For
 * development and tests only: production certificates come from the organisation's CA or
 * cert-manager. An existing CA in the directory is reused, so probes that trust it keep working
 * when the server certificate is issued again (e.g. for more names).
 *
 * <p>Files written to the directory:
 * <ul>
 * <li>{@code ca.crt.pem}: the CA certificate; give it to probes ({@code --cacert}, the client's CA file)</li>
 * <li>{@code ca.p12}, {@code ca.password}: the CA's key (owner-only); keep it to issue more certificates</li>
 * <li>{@code server.crt.pem} (chain: server, CA), {@code server.key.pem} (PKCS#8, owner-only): for
 *     {@code --tls-cert} and {@code --tls-key}</li>
 * <li>{@code server.p12}, {@code server.password} (owner-only): the same as a PKCS#12 keystore, for
 *     {@code --tls-keystore} and {@code --tls-keystore-password-file}</li>
 * </ul>
 *
 * <pre>{@code
 * DevCertificates.Issued files = DevCertificates.create(Path.of("dev-certs"),
 *         List.of("dns:localhost", "ip:127.0.0.1"), 397);
 * }</pre>
 */
public final class DevCertificates {

    private static final Pattern NAME = Pattern.compile("(dns|ip):[A-Za-z0-9.:*-]{1,253}");
    private static final String CA_ALIAS = "tma-dev-ca";
    private static final String SERVER_ALIAS = "server";
    private static final String PASSWORD_VARIABLE = "TMA_DEV_CERTS_STORE_PASSWORD";

    private DevCertificates() {
    }

    /**
     * The files written.
     *
     * @param caCertificate         CA certificate, PEM
     * @param serverChain           server certificate then CA certificate, PEM
     * @param serverKey             server private key, PKCS#8 PEM
     * @param serverKeystore        server key and chain, PKCS#12
     * @param serverKeystorePassword file holding the keystore's password
     */
    public record Issued(Path caCertificate, Path serverChain, Path serverKey, Path serverKeystore,
                        Path serverKeystorePassword) {
    }

    /**
     * @param directory    where to write (created if needed)
     * @param names        subject alternative names, e.g. {@code dns:localhost}, {@code ip:127.0.0.1}
     * @param validityDays server certificate validity
     * @return the files written
     * @throws IllegalArgumentException if a name is malformed
     * @throws IllegalStateException    if keytool fails
     */
    public static Issued create(Path directory, List<String> names, int validityDays) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("give at least one name, e.g. dns:localhost");
        }
        List<String> sans = new ArrayList<>();
        for (String name : names) {
            String normalized = name.strip().toLowerCase(Locale.ROOT);
            if (!NAME.matcher(normalized).matches()) {
                throw new IllegalArgumentException("not a name: " + name + " (expected dns:HOST or ip:ADDRESS)");
            }
            sans.add(normalized);
        }
        if (validityDays < 1 || validityDays > 825) {
            throw new IllegalArgumentException("validity must be 1..825 days");
        }
        try {
            Files.createDirectories(directory);
            Path caStore = directory.resolve("ca.p12");
            Path caPasswordFile = directory.resolve("ca.password");
            String caPassword;
            if (Files.exists(caStore) && Files.exists(caPasswordFile)) {
                caPassword = Files.readString(caPasswordFile).strip();
            } else {
                caPassword = randomPassword();
                Files.deleteIfExists(caStore);
                writePrivate(caPasswordFile, caPassword + "\n");
                keytool(caPassword, null, "-genkeypair", "-keystore", caStore.toString(), "-storetype", "PKCS12",
                        "-alias", CA_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                        "-dname", "CN=TMA Monitor development CA " + randomPassword().substring(0, 8)
                                + ", O=TMA Monitor (development only)",
                        "-validity", "825", "-ext", "bc:c=ca:true,pathlen:0", "-ext", "ku:c=keyCertSign,cRLSign");
                restrict(caStore);
            }
            X509Certificate ca = (X509Certificate) load(caStore, caPassword).getCertificate(CA_ALIAS);
            Path caPem = directory.resolve("ca.crt.pem");
            Files.writeString(caPem, PemFiles.pem("CERTIFICATE", ca.getEncoded()));

            String commonName = sans.get(0).substring(sans.get(0).indexOf(':') + 1);
            Leaf server = issue(directory, SERVER_ALIAS, commonName, validityDays, caStore, caPassword, ca,
                    "-ext", "san=" + String.join(",", sans), "-ext", "ku:c=digitalSignature",
                    "-ext", "eku=serverAuth", "-ext", "bc:c=ca:false");
            return new Issued(caPem, server.chain(), server.key(), server.keystore(), server.keystorePassword());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read what keytool wrote: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a client certificate (extended key usage clientAuth) from the CA that {@link #create}
     * made in {@code directory}, e.g. for mutual TLS towards Kafka: the principal is the
     * certificate's subject {@code CN=commonName,O=TMA Monitor (development only)}. Writes
     * {@code NAME.crt.pem} (chain: client, CA), {@code NAME.key.pem}, {@code NAME.p12} and
     * {@code NAME.password} (owner-only), NAME being the common name.
     *
     * <pre>{@code
     * DevCertificates.Leaf client = DevCertificates.createClient(Path.of("dev-certs"), "tma-monitor", 397);
     * }</pre>
     *
     * @param directory    where {@link #create} wrote the CA
     * @param commonName   the client's name: letters, digits, {@code .}, {@code _}, {@code -}
     * @param validityDays certificate validity
     * @return the files written
     * @throws IllegalArgumentException if the name or validity is malformed
     * @throws IllegalStateException    if there is no CA in the directory or keytool fails
     */
    public static Leaf createClient(Path directory, String commonName, int validityDays) {
        if (!commonName.matches("[A-Za-z0-9._-]{1,64}") || commonName.equals(SERVER_ALIAS)) {
            throw new IllegalArgumentException("a client name is 1-64 letters, digits, '.', '_' or '-' (not 'server'): "
                    + commonName);
        }
        if (validityDays < 1 || validityDays > 825) {
            throw new IllegalArgumentException("validity must be 1..825 days");
        }
        Path caStore = directory.resolve("ca.p12");
        Path caPasswordFile = directory.resolve("ca.password");
        if (!Files.exists(caStore) || !Files.exists(caPasswordFile)) {
            throw new IllegalStateException("no development CA in " + directory + ": create it first (dev-certs)");
        }
        try {
            String caPassword = Files.readString(caPasswordFile).strip();
            X509Certificate ca = (X509Certificate) load(caStore, caPassword).getCertificate(CA_ALIAS);
            return issue(directory, commonName, commonName, validityDays, caStore, caPassword, ca,
                    "-ext", "ku:c=digitalSignature", "-ext", "eku=clientAuth",
                    "-ext", "bc:c=ca:false");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read what keytool wrote: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate issued by the CA.
     *
     * @param chain            the certificate then the CA certificate, PEM
     * @param key              its private key, PKCS#8 PEM (owner-only)
     * @param keystore         key and chain, PKCS#12 (owner-only)
     * @param keystorePassword file holding the keystore's password (owner-only)
     */
    public record Leaf(Path chain, Path key, Path keystore, Path keystorePassword) {
    }

    /** Issues {@code name}'s key pair and certificate with the CA; {@code extensions} go to keytool -gencert. */
    private static Leaf issue(Path directory, String name, String commonName, int validityDays, Path caStore,
                              String caPassword, X509Certificate ca, String... extensions)
            throws IOException, GeneralSecurityException {
        Path store = directory.resolve(name + ".p12");
        String password = randomPassword();
        Files.deleteIfExists(store);
        String validity = Integer.toString(validityDays);
        keytool(password, null, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + commonName + ", O=TMA Monitor (development only)", "-validity", validity);
        byte[] request = keytool(password, null, "-certreq", "-keystore", store.toString(), "-alias", name);
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-keystore", caStore.toString(),
                "-alias", CA_ALIAS, "-rfc", "-validity", validity, "-sigalg", "SHA256withECDSA"));
        gencert.addAll(List.of(extensions));
        byte[] signed = keytool(caPassword, request, gencert.toArray(String[]::new));
        Path pem = directory.resolve(name + ".crt.pem");
        Files.write(pem, signed);
        X509Certificate certificate = PemFiles.readCertificates(pem).get(0);
        Files.writeString(pem, PemFiles.pem("CERTIFICATE", certificate.getEncoded())
                + PemFiles.pem("CERTIFICATE", ca.getEncoded()));

        KeyStore keystore = load(store, password);
        PrivateKey key = (PrivateKey) keystore.getKey(name, password.toCharArray());
        keystore.setKeyEntry(name, key, password.toCharArray(), new X509Certificate[] {certificate, ca});
        try (OutputStream out = Files.newOutputStream(store)) {
            keystore.store(out, password.toCharArray());
        }
        restrict(store);
        Path keyPem = directory.resolve(name + ".key.pem");
        writePrivate(keyPem, PemFiles.pem("PRIVATE KEY", key.getEncoded()));
        Path passwordFile = directory.resolve(name + ".password");
        writePrivate(passwordFile, password + "\n");
        return new Leaf(pem, keyPem, store, passwordFile);
    }

    private static byte[] keytool(String password, byte[] input, String... arguments) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storepass:env", PASSWORD_VARIABLE, "-noprompt"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(PASSWORD_VARIABLE, password);
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input);
                }
            }
            byte[] output;
            byte[] errors;
            try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
                output = out.readAllBytes();
                errors = err.readAllBytes();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish: " + arguments[0]);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: "
                        + new String(errors, StandardCharsets.UTF_8).strip() + " "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + keytool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        if (Files.getFileAttributeView(file.toAbsolutePath().getParent(),
                PosixFileAttributeView.class) != null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FilePermissions.OWNER_ONLY));
        }
        Files.writeString(file, content);
    }

    private static void restrict(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, FilePermissions.OWNER_ONLY);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
