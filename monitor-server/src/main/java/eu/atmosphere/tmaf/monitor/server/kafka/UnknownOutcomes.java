package eu.atmosphere.tmaf.monitor.server.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Records whose request was answered "outcome unknown" (503) while the producer still had them, or had just had
 * them acknowledged: a probe sends such a message again, byte for byte, and that resend joins the record already on
 * its way instead of becoming a second one. A record stays here while the producer holds it and for
 * {@code memory} after Kafka acknowledged it (a resend then gets the first record's partition and offset at once);
 * a record Kafka failed leaves at once (the resend is published). Only records of requests answered "outcome
 * unknown" are kept, so the map is empty while Kafka answers in time and the lookup costs nothing then.
 * Thread-safe.
 *
 * <pre>{@code
 * CompletableFuture<RecordMetadata> earlier = unknown.find(probeId, record);   // null: publish it
 * unknown.register(probeId, record, ack);                                     // its request got a 503 "unknown"
 * }</pre>
 */
final class UnknownOutcomes {

    /** What makes a resend the same record: the authenticated probe, the key and the value's bytes. */
    private record Identity(Long probeId, long key, ByteBuffer value) {
    }

    private final ConcurrentHashMap<Identity, CompletableFuture<RecordMetadata>> records = new ConcurrentHashMap<>();
    private final long memoryMillis;

    /** @param memory how long an acknowledged record is kept for resends */
    UnknownOutcomes(Duration memory) {
        this.memoryMillis = memory.toMillis();
    }

    /**
     * @param probeId the authenticated probe, {@code null} if anonymous
     * @param record  a record about to be published
     * @return the acknowledgement of the same record from a request answered "outcome unknown", or {@code null}
     */
    CompletableFuture<RecordMetadata> find(Long probeId, OutgoingRecord record) {
        return records.isEmpty() ? null : records.get(identity(probeId, record));
    }

    /**
     * @param probeId the authenticated probe, {@code null} if anonymous
     * @param record  a record of a request answered "outcome unknown"
     * @param ack     its acknowledgement; a failed one is not kept
     */
    void register(Long probeId, OutgoingRecord record, CompletableFuture<RecordMetadata> ack) {
        Identity identity = identity(probeId, record);
        if (records.putIfAbsent(identity, ack) != null) {
            return;
        }
        ack.whenComplete((metadata, failure) -> {
            if (failure != null) {
                records.remove(identity, ack);
            } else {
                CompletableFuture.delayedExecutor(memoryMillis, TimeUnit.MILLISECONDS)
                        .execute(() -> records.remove(identity, ack));
            }
        });
    }

    /** @return records kept now */
    int size() {
        return records.size();
    }

    private static Identity identity(Long probeId, OutgoingRecord record) {
        return new Identity(probeId, record.resourceId(), ByteBuffer.wrap(record.value()));
    }
}
