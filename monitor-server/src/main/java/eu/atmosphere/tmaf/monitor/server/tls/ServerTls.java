package eu.atmosphere.tmaf.monitor.server.tls;

import eu.atmosphere.tmaf.monitor.server.auth.FilePermissions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedKeyManager;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS: the certificate and key from PEM files (certificate chain + PKCS#8
 * key) or a PKCS#12 keystore, TLS 1.3 and 1.2 only, forward-secret AEAD cipher suites only
 * (TLS 1.3's, and ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2), server cipher order.
 * The files are read again when they change (certificate renewal without restart): new
 * connections get the new certificate.
 *
 * <pre>{@code
 * try (ServerTls tls = ServerTls.fromPem(Path.of("server.crt.pem"), Path.of("server.key.pem"), Duration.ofMinutes(1))) {
 *     HttpServer http = GrizzlyHttpServerFactory.createHttpServer(uri, app, true, tls.engineConfigurator(), false);
 * }
 * }</pre>
 */
public final class ServerTls implements AutoCloseable {

    /** The protocols offered, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final String ALIAS = "server";
    private static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final Loader loader;
    private final ReloadingKeyManager keyManager;
    private final SSLContext context;
    private final ScheduledExecutorService reloader;
    private volatile byte[] digest;
    private volatile String description;
    private volatile String lastReloadProblem;

    /** Reads the key material and says what it is. */
    private interface Loader {
        Loaded load();

        List<Path> files();
    }

    /** Key material and what it is: subject, names, issuer, expiry, source. */
    private record Loaded(X509ExtendedKeyManager manager, String description) {
    }

    private ServerTls(Loader loader, Duration reloadInterval) {
        this.loader = loader;
        this.digest = digest(loader.files());
        Loaded loaded = loader.load();
        this.description = loaded.description();
        this.keyManager = new ReloadingKeyManager(loaded.manager());
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, null, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context", e);
        }
        if (reloadInterval.isZero() || reloadInterval.isNegative()) {
            reloader = null;
        } else {
            reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tls-reload");
                thread.setDaemon(true);
                return thread;
            });
            reloader.scheduleWithFixedDelay(this::reloadIfChanged, reloadInterval.toMillis(), reloadInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * @param certificateChain PEM: the server certificate, then intermediates
     * @param privateKey       PEM: its private key, PKCS#8 (or PKCS#1 RSA), unencrypted
     * @param reloadInterval   how often to look for renewed files; zero for never
     * @return TLS with that key
     * @throws IllegalStateException if the files are unusable or the key does not belong to the certificate
     */
    public static ServerTls fromPem(Path certificateChain, Path privateKey, Duration reloadInterval) {
        return new ServerTls(new PemLoader(certificateChain, privateKey), reloadInterval);
    }

    /**
     * @param keystore       a PKCS#12 keystore with the server's key entry
     * @param password       its password
     * @param reloadInterval how often to look for a renewed file; zero for never
     * @return TLS with that key
     */
    public static ServerTls fromKeystore(Path keystore, char[] password, Duration reloadInterval) {
        return new ServerTls(new KeystoreLoader(keystore, password.clone()), reloadInterval);
    }

    /** @return the TLS context (key material reloads in place) */
    public SSLContext context() {
        return context;
    }

    /** @return Grizzly's engine configuration: server mode, our protocols and cipher suites */
    public SSLEngineConfigurator engineConfigurator() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(strongCipherSuites(context));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
        SSLEngineConfigurator configurator = new SSLEngineConfigurator(context, false, false, false);
        configurator.setEnabledProtocols(parameters.getProtocols());
        configurator.setEnabledCipherSuites(parameters.getCipherSuites());
        configurator.setSSLParameters(parameters);
        return configurator;
    }

    /** @return what is served now: subject, names, issuer, expiry, source */
    public String describe() {
        return description;
    }

    /** Reads the files again if they changed; keeps the old key material if the new one is unusable. */
    public void reloadIfChanged() {
        try {
            byte[] now = digest(loader.files());
            if (Arrays.equals(now, digest)) {
                return;
            }
            Loaded loaded = loader.load();
            keyManager.replace(loaded.manager());
            description = loaded.description();
            digest = now;
            lastReloadProblem = null;
            LOG.info("TLS certificate reloaded: {}", description);
        } catch (RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastReloadProblem)) {
                LOG.error("TLS files changed but cannot be used; keeping the previous certificate: {}", problem);
                lastReloadProblem = problem;
            }
        }
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    /**
     * @param context a TLS context
     * @return its default suites that are forward secret and authenticated-encryption only
     */
    static String[] strongCipherSuites(SSLContext context) {
        return Arrays.stream(context.getDefaultSSLParameters().getCipherSuites())
                .filter(ServerTls::strong)
                .toArray(String[]::new);
    }

    private static boolean strong(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true;
        }
        return suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
    }

    /**
     * A key manager holding the decrypted key: the JDK's "SunX509" reads every key once, at
     * creation. ("PKIX" fetches the entry from the keystore at every handshake, and a PKCS#12 entry is
     * PBKDF2-encrypted: that was 10 % of a TLS server's CPU samples with 256 connections per phase.)
     */
    private static X509ExtendedKeyManager keyManager(KeyStore store, char[] password) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(store, password);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 key manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key: " + e.getMessage(), e);
        }
    }

    private static String describe(X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant now = Instant.now();
        if (notAfter.isBefore(now)) {
            LOG.error("the TLS certificate EXPIRED at {}: clients will refuse it", notAfter);
        } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
            LOG.warn("the TLS certificate expires soon, at {}", notAfter);
        }
        return "subject \"" + certificate.getSubjectX500Principal().getName() + "\", names " + names(certificate)
                + ", issuer \"" + certificate.getIssuerX500Principal().getName() + "\", valid until " + notAfter;
    }

    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    names.add(String.valueOf(name.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            names.add("(unreadable)");
        }
        return names;
    }

    private static byte[] digest(List<Path> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(Files.readAllBytes(file));
            }
            return sha.digest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record PemLoader(Path chainFile, Path keyFile) implements Loader {
        @Override
        public Loaded load() {
            if (FilePermissions.worldReadable(keyFile)) {
                LOG.warn("the TLS private key {} is readable by every user of this machine: chmod o-rwx {}",
                        keyFile, keyFile);
            }
            List<X509Certificate> chain = PemFiles.readCertificates(chainFile);
            PrivateKey key = PemFiles.readPrivateKey(keyFile);
            requireMatch(key, chain.get(0));
            try {
                char[] password = new char[0];
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(ALIAS, key, password, chain.toArray(X509Certificate[]::new));
                return new Loaded(keyManager(store, password),
                        ServerTls.describe(chain.get(0)) + " (PEM " + chainFile + ")");
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot hold the key in memory: " + e.getMessage(), e);
            }
        }

        @Override
        public List<Path> files() {
            return List.of(chainFile, keyFile);
        }

        private void requireMatch(PrivateKey key, X509Certificate certificate) {
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "RSASSA-PSS" -> null;
                default -> key.getAlgorithm();
            };
            if (algorithm == null) {
                return;
            }
            try {
                byte[] probe = new byte[32];
                new SecureRandom().nextBytes(probe);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(probe);
                if (!verifier.verify(signature)) {
                    throw new IllegalStateException("the private key " + keyFile + " does not belong to the certificate "
                            + "in " + chainFile + " (the first certificate must be the server's own)");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the private key " + keyFile + " does not fit the certificate in "
                        + chainFile + ": " + e.getMessage(), e);
            }
        }
    }

    private record KeystoreLoader(Path file, char[] password) implements Loader {
        @Override
        public Loaded load() {
            KeyStore store = read();
            return new Loaded(keyManager(store, password), describe(store));
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }

        private String describe(KeyStore store) {
            try {
                for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                    String alias = aliases.nextElement();
                    if (store.isKeyEntry(alias)) {
                        return ServerTls.describe((X509Certificate) store.getCertificate(alias))
                                + " (PKCS#12 " + file + ", entry " + alias + ")";
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
            throw new IllegalStateException(file + " holds no private key entry");
        }

        private KeyStore read() {
            if (FilePermissions.worldReadable(file)) {
                LOG.warn("the TLS keystore {} is readable by every user of this machine: chmod o-rwx {}", file, file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password);
                return store;
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the keystore " + file + " (wrong password?): "
                        + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot open the keystore " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Delegates to the current key material; replaced in place when the files change. */
    private static final class ReloadingKeyManager extends X509ExtendedKeyManager {
        private volatile X509ExtendedKeyManager current;

        ReloadingKeyManager(X509ExtendedKeyManager initial) {
            this.current = initial;
        }

        void replace(X509ExtendedKeyManager next) {
            current = next;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return current.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return current.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return current.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return current.getPrivateKey(alias);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return current.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.chooseEngineServerAlias(keyType, issuers, engine);
        }
    }
}
