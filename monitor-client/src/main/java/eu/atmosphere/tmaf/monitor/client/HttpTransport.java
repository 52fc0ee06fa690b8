package eu.atmosphere.tmaf.monitor.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends requests to the monitor with the JDK's {@link HttpURLConnection} (available since Java 1.1, so
 * the client runs on Java 8), HTTP/1.1 with keep-alive. TLS uses this client's own socket factory;
 * nothing JVM-wide is changed. No proxy (as before with {@code java.net.http}), no redirects. The
 * request timeout bounds every read of the response.
 */
final class HttpTransport {

    private static final ClientLog LOG = ClientLog.of(HttpTransport.class);
    private static final String JSON = "application/json";
    private static final String USER_AGENT = "tma-monitor-client/0.1";
    /** The message of the JDK's {@link SocketTimeoutException} when the TCP connect timed out. */
    private static final String CONNECT_TIMED_OUT = "connect timed out";

    private final Endpoint endpoint;
    private final HostCheckingSocketFactory tls;
    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;
    private final Set<HttpURLConnection> inFlight = Collections.newSetFromMap(new ConcurrentHashMap<>());

    HttpTransport(ClientConfig config) {
        this.endpoint = config.endpoint();
        this.connectTimeoutMillis = millis(config.connectTimeout().toMillis());
        this.requestTimeoutMillis = millis(config.requestTimeout().toMillis());
        this.tls = endpoint.isHttps() ? socketFactory(config, connectTimeoutMillis) : null;
    }

    private static int millis(long millis) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    private static HostCheckingSocketFactory socketFactory(ClientConfig config, int handshakeTimeoutMillis) {
        try {
            SSLSocketFactory sockets;
            if (config.insecureTrustAll()) {
                LOG.warn("TLS verification is OFF for the monitor client of {}: any server certificate is accepted."
                        + " Use a CA file (TMA_CA_FILE) instead outside development.", config.endpoint());
                sockets = TlsContexts.trustingAll().getSocketFactory();
            } else {
                sockets = TlsContexts.verifying(config.caFile()).getSocketFactory();
            }
            return new HostCheckingSocketFactory(sockets, handshakeTimeoutMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + config.caFile()
                    + " (TMA_CA_FILE): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS with the CA file " + config.caFile()
                    + " (TMA_CA_FILE): " + e.getMessage(), e);
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /**
     * POSTs a JSON body to {@code /monitor}.
     *
     * @param body          the JSON, gzip-compressed if {@code gzipped}
     * @param gzipped       whether to send {@code Content-Encoding: gzip}
     * @param authorization the {@code Authorization} header value, or {@code null}
     * @throws AnswerLostException  if the request failed after it was sent (the monitor may have stored it)
     * @throws IOException          if it failed before (nothing was sent)
     * @throws InterruptedException if the thread was interrupted, or {@link #abort()} ended the request
     */
    Response postMessages(byte[] body, boolean gzipped, String authorization) throws IOException, InterruptedException {
        return post(endpoint.monitor(), body, gzipped, authorization);
    }

    /** POSTs an empty body to {@code /monitor/auth} (nothing is stored there, so a lost answer is a plain IO error). */
    Response postAuth(String authorization) throws IOException, InterruptedException {
        try {
            return post(endpoint.auth(), new byte[0], false, authorization);
        } catch (AnswerLostException e) {
            throw AnswerLostException.unwrap(e);
        }
    }

    /** Ends every request in flight at once (their threads get an {@link InterruptedException} or an IO error). */
    void abort() {
        for (HttpURLConnection connection : inFlight) {
            connection.disconnect();
        }
    }

    private Response post(URI uri, byte[] body, boolean gzipped, String authorization)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        HttpURLConnection connection = open(uri);
        inFlight.add(connection);
        try {
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Accept", JSON);
            connection.setRequestProperty("User-Agent", USER_AGENT);
            connection.setRequestProperty("Content-Type", JSON);
            if (gzipped) {
                connection.setRequestProperty("Content-Encoding", "gzip");
            }
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            // not in streaming mode: there the JDK drops the body of a 401, and with it the monitor's problem detail
            connection.setDoOutput(true);
            connect(connection);
            try {
                return exchange(connection, body);
            } catch (IOException e) {
                throw new AnswerLostException(e);
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw (InterruptedException) new InterruptedException("request abandoned: " + e).initCause(e);
            }
            throw e;
        } finally {
            inFlight.remove(connection);
        }
    }

    /** Writes the body and reads the answer on a connected connection: an IO error here may come after the monitor stored it. */
    private static Response exchange(HttpURLConnection connection, byte[] body) throws IOException {
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        byte[] responseBody = readBody(connection, status);
        String retryAfter = connection.getHeaderField("Retry-After");
        String contentType = connection.getContentType();
        return new Response(status, contentType == null ? "" : contentType, responseBody,
                RetryAfter.parse(retryAfter, Instant.now()));
    }

    /** Opens the connection, bounding a TLS handshake by the connect timeout. */
    private void connect(HttpURLConnection connection) throws IOException {
        if (tls == null) {
            connection.connect();
            return;
        }
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            if (CONNECT_TIMED_OUT.equals(e.getMessage())) {
                throw e;
            }
            throw (IOException) new SSLHandshakeException("no answer to the TLS handshake within "
                    + connectTimeoutMillis + " ms").initCause(e);
        } finally {
            tls.handshakeDone(requestTimeoutMillis);
        }
    }

    private HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection) {
            ((HttpsURLConnection) connection).setSSLSocketFactory(tls);
        }
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(requestTimeoutMillis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        return connection;
    }

    /** Reads the whole body (so that the connection can be reused); empty if there is none. */
    private static byte[] readBody(HttpURLConnection connection, int status) throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return new byte[0];
        }
        try (InputStream body = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = body.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
