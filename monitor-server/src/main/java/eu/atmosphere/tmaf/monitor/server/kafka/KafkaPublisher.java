package eu.atmosphere.tmaf.monitor.server.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * Publishes messages to the topic, one record per message: key = resourceId as an 8-byte
 * big-endian long ({@link LongSerializer}), value = the message JSON. Delivery is
 * {@code acks=all} with idempotence, so an acknowledged record is on every in-sync replica;
 * {@link Publication} gives each record's partition and offset. Thread-safe.
 *
 * <p>The producer keeps a record it could not deliver yet for up to {@link #HOLD} (retrying it, without
 * duplicates, while Kafka is unavailable), longer than a request waits ({@code kafkaTimeout}): a request answered
 * "outcome unknown" leaves its records with the producer, and a probe's resend of an identical record joins that
 * record ({@link Publication#outcomeUnknown()}) instead of being published a second time. So an outage adds at
 * most one copy of a message per replica, however long it lasts and however often the probe resends.
 *
 * <pre>{@code
 * try (KafkaPublisher publisher = new KafkaPublisher(config)) {
 *     List<RecordMetadata> stored = publisher.publish(records, probeId).acknowledged().join();
 * }
 * }</pre>
 */
public final class KafkaPublisher implements AutoCloseable {

    /** Header with the receive time (epoch milliseconds, decimal). */
    public static final String RECEIVED_AT_HEADER = "tma-received-at";
    /** Header with the id of the probe that authenticated the request (decimal); absent in anonymous mode. */
    public static final String PROBE_ID_HEADER = "tma-probe-id";

    /** Longest time the producer keeps a record it could not deliver yet. */
    public static final Duration HOLD = Duration.ofMinutes(5);
    /** How long a record acknowledged after its request was answered "outcome unknown" answers identical resends. */
    public static final Duration UNKNOWN_OUTCOME_MEMORY = Duration.ofMinutes(1);

    private static final long LINGER_MS = 5;
    private static final int BODY_OVERHEAD = 64 * 1024;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Producer<Long, byte[]> producer;
    private final String topic;
    private final Duration closeTimeout;
    private final Thread sender;
    private final UnknownOutcomes unknown = new UnknownOutcomes(UNKNOWN_OUTCOME_MEMORY);
    private volatile boolean closed;

    /** @param config where to publish, timeouts, sizes, the operator's client settings */
    public KafkaPublisher(PublisherSettings config) {
        Properties properties = properties(config);
        String clientId = properties.getProperty(ProducerConfig.CLIENT_ID_CONFIG) + "-" + INSTANCES.incrementAndGet();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        this.producer = new KafkaProducer<>(properties, new LongSerializer(), new ByteArraySerializer());
        this.topic = config.topic();
        this.closeTimeout = config.timeout();
        this.sender = senderThread(clientId);
    }

    /** The producer's network thread, started by its constructor, named after the (unique) client id. */
    private static Thread senderThread(String clientId) {
        String name = "kafka-producer-network-thread | " + clientId;
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the Kafka producer started no thread " + name));
    }

    /** @return whether the producer can still send: not closed, and its network thread still runs */
    public boolean alive() {
        return !closed && sender.isAlive();
    }

    static Properties properties(PublisherSettings config) {
        long timeout = config.timeout().toMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tma-monitor-server");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2 * config.maxInFlightBytes() + BODY_OVERHEAD);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxBodyBytes() + BODY_OVERHEAD);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, HOLD.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeout - LINGER_MS));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeout, 2000));
        // the operator's security and tuning settings win; those that carry the guarantees are refused
        return config.clientSettings().applyTo(p, ProducerConfig.configNames());
    }

    /**
     * Hands the records to the producer, marked with the probe that authenticated the request. A record identical
     * to one of a request answered "outcome unknown" joins that one (see the class description).
     *
     * @param records              the messages of one request
     * @param authenticatedProbeId the authenticated probe ({@value #PROBE_ID_HEADER} header), {@code null} if anonymous
     * @return each record's outcome
     */
    public Publication publish(List<OutgoingRecord> records, Long authenticatedProbeId) {
        byte[] receivedAt = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
        byte[] probe = authenticatedProbeId == null ? null
                : authenticatedProbeId.toString().getBytes(StandardCharsets.US_ASCII);
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            CompletableFuture<RecordMetadata> earlier = unknown.find(authenticatedProbeId, record);
            acks.add(earlier != null ? earlier : send(record, receivedAt, probe));
        }
        return new Publication(records, authenticatedProbeId, acks, unknown);
    }

    private CompletableFuture<RecordMetadata> send(OutgoingRecord record, byte[] receivedAt, byte[] probeId) {
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        ProducerRecord<Long, byte[]> kafkaRecord = new ProducerRecord<>(topic, record.resourceId(), record.value());
        kafkaRecord.headers().add(RECEIVED_AT_HEADER, receivedAt);
        if (probeId != null) {
            kafkaRecord.headers().add(PROBE_ID_HEADER, probeId);
        }
        try {
            producer.send(kafkaRecord, (metadata, failure) -> {
                if (failure == null) {
                    ack.complete(metadata);
                } else {
                    ack.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    /** Sends what is buffered, waits for it (bounded by the Kafka timeout), and closes the producer. */
    @Override
    public void close() {
        closed = true;
        producer.close(closeTimeout);
    }
}
