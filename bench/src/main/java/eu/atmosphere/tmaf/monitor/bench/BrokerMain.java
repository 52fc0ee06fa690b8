package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The broker under test in a JVM of its own, so that the server's CPU time and memory are
 * measured without the broker's: a real single-node Kafka (KRaft), the same one the server
 * embeds by default. Prints {@code BROKER READY <bootstrap servers>} when the topics exist and
 * runs until its standard input closes (the harness exits or kills it) or SIGTERM.
 *
 * <pre>
 * java -cp bench/target/monitor-bench.jar eu.atmosphere.tmaf.monitor.bench.BrokerMain DIR PORT TOPIC:PARTITIONS...
 * </pre>
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    /** @param args data directory, port (0 = free), then {@code topic:partitions} pairs */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BrokerMain DATA_DIR PORT [TOPIC:PARTITIONS ...]");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(Path.of(args[0]))
                .port(Integer.parseInt(args[1]))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        broker.start();
        for (int i = 2; i < args.length; i++) {
            String[] topic = args[i].split(":", 2);
            broker.createTopic(topic[0], topic.length > 1 ? Integer.parseInt(topic[1]) : 1);
        }
        System.out.println("BROKER READY " + broker.bootstrapServers());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to go away
        }
        System.exit(0);
    }
}
