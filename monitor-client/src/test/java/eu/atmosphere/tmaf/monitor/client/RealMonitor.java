package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.kafka.embedded.TopicReader;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The real monitor server, in-process, publishing to a real broker; stoppable and restartable on its port. */
final class RealMonitor implements AutoCloseable {

    /** What consumers dedupe by. */
    record MessageKey(long probeId, long messageId) {
    }

    private final String bootstrapServers;
    private final String topic;
    private MonitorServer server;
    private int port;

    private RealMonitor(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    static RealMonitor start(String bootstrapServers, String topic) {
        RealMonitor monitor = new RealMonitor(bootstrapServers, topic);
        monitor.restart();
        return monitor;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the server (graceful: in-flight requests are answered). */
    void stop() {
        server.close();
        server = null;
    }

    /** Starts the server again on the same port (a free one the first time). */
    void restart() {
        server = MonitorServer.start(ServerConfig.builder().bindAddress("127.0.0.1").port(port)
                .kafkaBootstrapServers(bootstrapServers).topic(topic).build());
        port = server.port();
    }

    /** @return the messages in the topic, reading until at least {@code expected} arrived or the timeout passed */
    /** @return every message stored in the topic by now: nothing can be missing from it that is there */
    List<Message> readAllMessages(Duration timeout) {
        return new TopicReader(bootstrapServers).readToEnd(topic, timeout).stream()
                .map(r -> MessageCodec.INSTANCE.fromJson(r.value())).toList();
    }

    List<Message> readMessages(int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new TopicReader(bootstrapServers).read(topic, expected, timeout);
        return records.stream().map(r -> MessageCodec.INSTANCE.fromJson(r.value())).toList();
    }

    static MessageKey key(Message message) {
        return new MessageKey(message.getProbeId(), message.getMessageId());
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }
}
