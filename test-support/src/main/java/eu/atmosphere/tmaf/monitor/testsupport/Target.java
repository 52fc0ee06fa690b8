package eu.atmosphere.tmaf.monitor.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the load goes: host, port, path, and for {@code https} the TLS context that trusts the
 * given CA file (PEM) or, without one, the JDK's default trust store. Certificates are always
 * verified, host name included.
 *
 * @param host the server's host (an address on this machine)
 * @param port its port
 * @param path the request path, e.g. {@code /monitor}
 * @param tls  null for plain HTTP
 *
 * <pre>{@code
 * Target target = Target.of("https://localhost:32025/monitor", Path.of("ca.crt.pem"));
 * }</pre>
 */
public record Target(String host, int port, String path, SSLContext tls) {

    /**
     * @param url    e.g. {@code http://127.0.0.1:32025/monitor} or {@code https://localhost:32025/monitor}
     * @param caFile PEM file with the CA certificate(s) to trust for https, may be null
     */
    public static Target of(String url, Path caFile) throws IOException, GeneralSecurityException {
        URI uri = URI.create(url);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("http or https URL expected: " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(host, port, path, https ? tlsContext(caFile) : null);
    }

    private static SSLContext tlsContext(Path caFile) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (caFile == null) {
            context.init(null, null, null);
            return context;
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in " + caFile);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
