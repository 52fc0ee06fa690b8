package eu.atmosphere.tmaf.monitor.server.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The records of one request on their way to Kafka, each with its own outcome: {@link #acknowledged()} completes
 * when Kafka acknowledged all of them (with their partitions and offsets, index-aligned), or exceptionally with the
 * first failure once every record's outcome is known; {@link #acknowledgedSoFar()} says, at any moment, which
 * records Kafka has acknowledged.
 *
 * <pre>{@code
 * Publication publication = publisher.publish(records, probeId);
 * publication.acknowledged().whenComplete((metadata, failure) -> ...);   // metadata.get(i): record i's offset
 * List<RecordMetadata> known = publication.acknowledgedSoFar();           // null where not acknowledged (yet)
 * publication.outcomeUnknown();   // answered 503 "unknown": an identical resend joins these records
 * }</pre>
 */
public final class Publication {

    private final List<OutgoingRecord> records;
    private final Long probeId;
    private final List<CompletableFuture<RecordMetadata>> acks;
    private final UnknownOutcomes unknown;
    private final CompletableFuture<List<RecordMetadata>> all;

    Publication(List<OutgoingRecord> records, Long probeId, List<CompletableFuture<RecordMetadata>> acks,
                UnknownOutcomes unknown) {
        this.records = records;
        this.probeId = probeId;
        this.acks = acks;
        this.unknown = unknown;
        this.all = CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> acks.stream().map(CompletableFuture::join).toList());
    }

    /** @return completes with every record's metadata (index-aligned) once Kafka acknowledged all of them */
    public CompletableFuture<List<RecordMetadata>> acknowledged() {
        return all;
    }

    /** @return index-aligned: each record's metadata if Kafka acknowledged it by now, else {@code null} */
    public List<RecordMetadata> acknowledgedSoFar() {
        List<RecordMetadata> known = new ArrayList<>(acks.size());
        for (CompletableFuture<RecordMetadata> ack : acks) {
            known.add(ack.isDone() && !ack.isCompletedExceptionally() ? ack.join() : null);
        }
        return Collections.unmodifiableList(known);
    }

    /**
     * The request was answered "outcome unknown" (503): until Kafka decided each record (and for a while after it
     * acknowledged one), a probe's resend of an identical record joins this one instead of being published again.
     */
    public void outcomeUnknown() {
        for (int i = 0; i < acks.size(); i++) {
            if (!acks.get(i).isCompletedExceptionally()) {
                unknown.register(probeId, records.get(i), acks.get(i));
            }
        }
    }
}
