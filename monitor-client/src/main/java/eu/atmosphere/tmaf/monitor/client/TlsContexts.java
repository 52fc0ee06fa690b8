package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} of one client. Never changes JVM-wide defaults
 * ({@code SSLContext.setDefault}, {@code HttpsURLConnection} defaults, system properties).
 */
final class TlsContexts {

    private static final String PROTOCOL = "TLS";

    private TlsContexts() {
    }

    /**
     * @param caPemFile extra CA certificates (PEM, one or more), or {@code null}
     * @return a context that verifies servers against the system trust store plus the file's CAs
     */
    static SSLContext verifying(Path caPemFile) throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance(PROTOCOL);
        context.init(null, new TrustManager[] {trustManager(caPemFile)}, null);
        return context;
    }

    /** @return a context that accepts every server certificate and host name */
    static SSLContext trustingAll() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance(PROTOCOL);
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        return context;
    }

    /**
     * @param caPemFile extra CA certificates (PEM), or {@code null}
     * @return one trust manager over the system trust store's CAs and the file's CAs
     */
    static X509TrustManager trustManager(Path caPemFile) throws GeneralSecurityException, IOException {
        X509TrustManager system = fromKeyStore(null);
        if (caPemFile == null) {
            return system;
        }
        KeyStore merged = KeyStore.getInstance(KeyStore.getDefaultType());
        merged.load(null, null);
        int n = 0;
        for (X509Certificate ca : system.getAcceptedIssuers()) {
            merged.setCertificateEntry("system-" + n++, ca);
        }
        for (X509Certificate ca : readPem(caPemFile)) {
            merged.setCertificateEntry("ca-file-" + n++, ca);
        }
        return fromKeyStore(merged);
    }

    static List<X509Certificate> readPem(Path pemFile) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate certificate : certificates) {
            result.add((X509Certificate) certificate);
        }
        if (result.isEmpty()) {
            throw new GeneralSecurityException("no certificate in CA file " + pemFile);
        }
        return result;
    }

    private static X509TrustManager fromKeyStore(KeyStore keyStore) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager from " + factory.getAlgorithm());
    }

    /** Accepts everything; being an extended trust manager, it also skips the host name check. */
    private static final class TrustAll extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // trusts every peer, as configured
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // trusts every peer, as configured
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // trusts every peer, as configured
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // trusts every peer, as configured
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusts every peer, as configured
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusts every peer, as configured
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
