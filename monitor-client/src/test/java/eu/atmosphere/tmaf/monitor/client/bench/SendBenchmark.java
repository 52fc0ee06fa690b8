package eu.atmosphere.tmaf.monitor.client.bench;

import com.sun.net.httpserver.HttpServer;
import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.client.ClientConfig;
import eu.atmosphere.tmaf.monitor.client.ClientStats;
import eu.atmosphere.tmaf.monitor.client.MonitorClient;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link BackgroundClient#send} on the caller's thread (stamp, encode, enqueue or append
 * to the spool) while the client's sender delivers to a loopback sink that acknowledges every
 * request. Not run by {@code mvn test}; see the module README for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Dsun.net.httpserver.nodelay=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class SendBenchmark {

    @Param({"memory", "spool"})
    public String backlog;

    private HttpServer sink;
    private Path spool;
    private BackgroundClient client;

    @Setup(Level.Trial)
    public void startSink() throws IOException {
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
                byte[] ok = "{\"accepted\":0}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            }
        });
        sink.start();
    }

    /** A fresh client per iteration, so that the backlog never fills up and only send() is measured. */
    @Setup(Level.Iteration)
    public void startClient() throws IOException {
        ClientConfig.Builder config = ClientConfig.builder().endpoint("http://127.0.0.1:" + sink.getAddress().getPort())
                .probeId(1).queueCapacity(4_000_000).spoolMaxBytes(2L << 30);
        if (backlog.equals("spool")) {
            spool = Files.createTempDirectory("send-benchmark-spool");
            config.spoolDirectory(spool);
        }
        client = new BackgroundClient(config.build());
        client.start();
    }

    @Benchmark
    public int send() {
        Message message = client.createMessage();
        message.setResourceId(101098);
        long now = MonitorClient.nowSeconds();
        message.addData(new Data(Data.Type.EVENT, 33, new Observation(now, 724.0)));
        message.addData(new Data(Data.Type.MEASUREMENT, 34, new Observation(now, 342.0)));
        return client.send(message);
    }

    @TearDown(Level.Iteration)
    public void stopClient() throws IOException {
        ClientStats stats = client.stats();
        client.shutdown();
        if (stats.dropped() > 0) {
            throw new IllegalStateException("the backlog filled up, the numbers are not send() alone: " + stats);
        }
        if (spool != null) {
            try (Stream<Path> files = Files.walk(spool)) {
                files.sorted(Comparator.reverseOrder()).forEach(SendBenchmark::delete);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopSink() {
        sink.stop(0);
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
