package eu.atmosphere.tmaf.monitor.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** Real HTTP over loopback to a server under test. */
final class TestHttp {

    static final String SEED_MESSAGE = """
            {"probeId":0,"resourceId":101098,"messageId":0,"sentTime":1535971455,"data":[
             {"descriptionId":0,"type":"measurement","observations":[{"value":20000.00001,"time":1535971455}]},
             {"descriptionId":0,"type":"event","observations":[{"value":10000.00001,"time":1535971455}]}]}""";

    /** The JDK client's defaults, as probes use it: HTTP/2 preferred, so plain-text requests offer {@code Upgrade: h2c}. */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    TestHttp(URI base) {
        this.base = base;
    }

    HttpResponse<String> postJson(String body) {
        return post("monitor", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Posts JSON without a Content-Length: the JDK client sends a body of unknown length chunked. */
    HttpResponse<String> postChunked(byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve("monitor")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String message(long probeId, long resourceId, long messageId) {
        return "{\"probeId\":" + probeId + ",\"resourceId\":" + resourceId + ",\"messageId\":" + messageId
                + ",\"sentTime\":1535971455,\"data\":[{\"type\":\"measurement\",\"descriptionId\":1,"
                + "\"observations\":[{\"time\":1535971455,\"value\":42.5}]}]}";
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
