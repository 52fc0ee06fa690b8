package eu.atmosphere.tmaf.monitor.client.bench;

import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.client.ClientConfig;
import eu.atmosphere.tmaf.monitor.client.MonitorClient;
import eu.atmosphere.tmaf.monitor.client.SynchronousClient;
import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Messages per second from a probe into Kafka through the real monitor server (in-process, real
 * single-node broker): {@link BackgroundClient} batching vs one synchronous POST per message, the
 * original client's pattern. Not run by {@code mvn test}; see the module README for the command.
 *
 * <p>Arguments (optional): background message count (default 200000), synchronous message count
 * (default 5000).
 */
public final class EndToEndThroughput {

    private EndToEndThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int backgroundCount = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int synchronousCount = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build()) {
            kafka.start();
            kafka.createTopic("topic-monitor", 1);
            try (MonitorServer server = MonitorServer.start(ServerConfig.builder().bindAddress("127.0.0.1").port(0)
                    .kafkaBootstrapServers(kafka.bootstrapServers()).topic("topic-monitor").build())) {
                String url = "http://127.0.0.1:" + server.port();
                warmUp(url);
                report("SynchronousClient, one POST per message", synchronousCount,
                        synchronous(url, synchronousCount));
                report("BackgroundClient, defaults (batch 500, linger 100 ms)", backgroundCount,
                        background(ClientConfig.builder().endpoint(url).probeId(1), backgroundCount));
                report("BackgroundClient, gzip", backgroundCount,
                        background(ClientConfig.builder().endpoint(url).probeId(1).gzip(true), backgroundCount));
                Path spool = Files.createTempDirectory("throughput-spool");
                report("BackgroundClient, spool directory", backgroundCount,
                        background(ClientConfig.builder().endpoint(url).probeId(1).spoolDirectory(spool),
                                backgroundCount));
            }
        }
    }

    private static void warmUp(String url) throws Exception {
        synchronous(url, 500);
        background(ClientConfig.builder().endpoint(url).probeId(1), 20_000);
    }

    private static long synchronous(String url, int count) {
        SynchronousClient client = new SynchronousClient(ClientConfig.builder().endpoint(url).probeId(1).build());
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (client.send(message(client, i)) != 200) {
                throw new IllegalStateException("not stored: " + client.stats());
            }
        }
        return System.nanoTime() - start;
    }

    private static long background(ClientConfig.Builder config, int count) {
        BackgroundClient client = new BackgroundClient(config.queueCapacity(count).build());
        client.start();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            client.send(message(client, i));
        }
        if (!client.stop(Duration.ofMinutes(5)) || client.stats().sent() != count) {
            throw new IllegalStateException("not all stored: " + client.stats());
        }
        return System.nanoTime() - start;
    }

    private static Message message(MonitorClient client, int i) {
        Message message = client.createMessage();
        message.setResourceId(i % 100);
        long now = MonitorClient.nowSeconds();
        message.addData(new Data(Data.Type.EVENT, 33, new Observation(now, 724.0)));
        message.addData(new Data(Data.Type.MEASUREMENT, 34, new Observation(now, 342.0)));
        return message;
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf("%-55s %8d messages in %7.2f s = %9.0f messages/s%n", what, count, nanos / 1e9,
                count / (nanos / 1e9));
    }
}
