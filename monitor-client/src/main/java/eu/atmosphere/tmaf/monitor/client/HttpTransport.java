package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends requests to the monitor with one JDK {@link HttpClient} configured for this client alone. */
final class HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final String JSON = "application/json";
    private static final String USER_AGENT = "tma-monitor-client/0.1";

    private final Endpoint endpoint;
    private final HttpClient http;
    private final Duration requestTimeout;

    HttpTransport(ClientConfig config) {
        this.endpoint = config.endpoint();
        this.requestTimeout = config.requestTimeout();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .sslContext(sslContext(config))
                .executor(Executors.newCachedThreadPool(new DaemonThreads("tma-monitor-http")))
                .build();
    }

    private static SSLContext sslContext(ClientConfig config) {
        try {
            if (config.insecureTrustAll()) {
                LOG.warn("TLS verification is OFF for the monitor client of {}: any server certificate is accepted."
                        + " Use a CA file (TMA_CA_FILE) instead outside development.", config.endpoint());
                return TlsContexts.trustingAll();
            }
            return TlsContexts.verifying(config.caFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + config.caFile(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS with CA file " + config.caFile(), e);
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
     */
    Response postMessages(byte[] body, boolean gzipped, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(endpoint.monitor(), authorization)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzipped) {
            request.header("Content-Encoding", "gzip");
        }
        return exchange(request.build());
    }

    /** POSTs an empty body to {@code /monitor/auth}. */
    Response postAuth(String authorization) throws IOException, InterruptedException {
        return exchange(request(endpoint.auth(), authorization).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(URI uri, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", JSON)
                .header("User-Agent", USER_AGENT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Response exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body(),
                RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
    }
}
