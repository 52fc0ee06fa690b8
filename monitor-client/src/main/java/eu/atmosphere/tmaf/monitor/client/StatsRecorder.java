package eu.atmosphere.tmaf.monitor.client;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link ClientStats}; thread-safe. */
final class StatsRecorder {

    private final LongAdder sent = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refusedByClient = new LongAdder();
    private final LongAdder receipts = new LongAdder();
    private final LongAdder outcomeUnknownResends = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> notStored = new ConcurrentHashMap<>();
    private volatile Receipt lastReceipt;
    private volatile LastError lastError;

    void sent(int messages) {
        sent.add(messages);
    }

    /** A stored message whose record the monitor located. */
    void receipt(Receipt receipt) {
        receipts.increment();
        lastReceipt = receipt;
    }

    void retried() {
        retries.increment();
    }

    void outcomeUnknownResends(int messages) {
        outcomeUnknownResends.add(messages);
    }

    /**
     * @param cause e.g. {@code "401 unauthorized"}
     * @return messages refused for this cause so far
     */
    long rejected(String cause) {
        rejected.increment();
        return notStored("refused by the monitor: " + cause, 1);
    }

    /**
     * @param cause e.g. {@code "non-finite value"}
     * @return messages refused for this cause so far
     */
    long refusedByClient(String cause) {
        refusedByClient.increment();
        return notStored("refused by the client: " + cause, 1);
    }

    /**
     * @param cause e.g. {@code "backlog full (DROP_NEWEST)"}
     * @return messages dropped for this cause so far
     */
    long dropped(long messages, String cause) {
        dropped.add(messages);
        return notStored("dropped: " + cause, messages);
    }

    void error(String description) {
        lastError = new LastError(description, Instant.now());
    }

    /** @return messages handed to {@code send} that were not stored and will not be: refused or dropped */
    long notStored() {
        return rejected.sum() + dropped.sum() + refusedByClient.sum();
    }

    ClientStats snapshot(long queued, long spooled) {
        ClientStats.Counts counts = new ClientStats.Counts();
        counts.sent = sent.sum();
        counts.retries = retries.sum();
        counts.rejected = rejected.sum();
        counts.dropped = dropped.sum();
        counts.refusedByClient = refusedByClient.sum();
        counts.receipts = receipts.sum();
        counts.outcomeUnknownResends = outcomeUnknownResends.sum();
        Map<String, Long> reasons = new HashMap<>();
        notStored.forEach((reason, count) -> reasons.put(reason, count.sum()));
        LastError error = lastError;
        return new ClientStats(queued, spooled, counts, reasons, lastReceipt,
                error == null ? null : error.description, error == null ? null : error.time);
    }

    private long notStored(String reason, long messages) {
        LongAdder count = notStored.computeIfAbsent(reason, r -> new LongAdder());
        count.add(messages);
        return count.sum();
    }

    private static final class LastError {

        private final String description;
        private final Instant time;

        LastError(String description, Instant time) {
            this.description = description;
            this.time = time;
        }
    }
}
