package eu.atmosphere.tmaf.monitor.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback HTTP(S) server speaking the monitor's protocol from a script, for the protocol corners
 * the real server does not produce on demand (a 429 with Retry-After, a token that expires, 413 on a
 * batch); everything else is tested against the real {@code monitor-server}.
 *
 * <p>Registered on an instance field, it serves one test and is closed after it:
 *
 * <pre>{@code
 * @RegisterExtension
 * final ScriptedMonitor monitor = ScriptedMonitor.http();
 * }</pre>
 */
final class ScriptedMonitor implements AutoCloseable, AfterEachCallback {

    /** A request as received, body decompressed. */
    record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        List<Message> messages() {
            return MessageCodec.INSTANCE.batchFromJson(body);
        }
    }

    /** A scripted answer. */
    record Reply(int status, String contentType, String body, Map<String, String> headers) {

        static Reply accepted(Request request) {
            return json(200, "{\"accepted\":" + request.messages().size() + ",\"requestId\":\"r\"}");
        }

        static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, Map.of());
        }

        static Reply problem(int status, String body) {
            return new Reply(status, "application/problem+json", body, Map.of());
        }

        Reply withHeader(String name, String value) {
            return new Reply(status, contentType, body, Map.of(name, value));
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> script = Reply::accepted;

    private ScriptedMonitor(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(new DaemonThreads("scripted-monitor")));
        server.start();
    }

    static ScriptedMonitor http() {
        try {
            return new ScriptedMonitor(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScriptedMonitor https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new ScriptedMonitor(server);
    }

    ScriptedMonitor script(Function<Request, Reply> script) {
        this.script = script;
        return this;
    }

    URI base() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return requests;
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path.equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Reply reply = script.apply(request);
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
