package eu.atmosphere.tmaf.monitor.systemtest;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The monitor server in a JVM of its own ({@code monitor-server serve}, the CLI the jar runs), on a fixed port,
 * so that it can be killed with SIGKILL and started again on the same port.
 */
final class ServerProcess implements AutoCloseable {

    private static final String MAIN = "eu.atmosphere.tmaf.monitor.server.cli.Main";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final List<String> args;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildJvm jvm;

    private ServerProcess(int port, List<String> args, Path log) {
        this.port = port;
        this.args = args;
        this.log = log;
    }

    /** Starts the server on a free port and waits until {@code /health/ready} answers 200. */
    static ServerProcess start(String bootstrapServers, String topic, Duration kafkaTimeout, Duration retryAfter,
                               Path log) {
        int port = ProcessKafkaCluster.freePorts(1)[0];
        ServerProcess server = new ServerProcess(port, List.of("serve", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--kafka-bootstrap-servers", bootstrapServers, "--topic", topic,
                "--kafka-timeout-seconds", Long.toString(kafkaTimeout.toSeconds()),
                "--retry-after-seconds", Long.toString(retryAfter.toSeconds())), log);
        server.restart();
        return server;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return jvm.pid();
    }

    /** SIGKILL: no graceful stop, in-flight requests are cut off. */
    void kill() {
        jvm.kill();
        jvm = null;
    }

    /** Starts the server (again) on its port and waits until it is ready. */
    void restart() {
        if (jvm != null) {
            throw new IllegalStateException("server is running");
        }
        jvm = ChildJvm.start("monitor-server", List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), MAIN, args, log);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("the server exited\n" + jvm.logTail(40));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(baseUri().resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            ProcessKafkaCluster.sleep(200);
        }
        throw new IllegalStateException("the server was not ready within " + READY_TIMEOUT + "\n" + jvm.logTail(40));
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
            jvm = null;
        }
    }
}
