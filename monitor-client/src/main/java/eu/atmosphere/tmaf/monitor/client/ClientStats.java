package eu.atmosphere.tmaf.monitor.client;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a client's delivery counters, from {@link MonitorClient#stats()}.
 *
 * <p>Every message handed to {@code send} ends up in exactly one of: {@link #sent()} (stored),
 * {@link #queued()} (waiting), {@link #refusedByClient()}, {@link #rejected()} or {@link #dropped()}; the last
 * three are "not stored", and {@link #notStored()} says why, per reason.
 *
 * <pre>{@code
 * ClientStats s = client.stats();
 * log.info("sent={} queued={} refusedByClient={} rejected={} dropped={} why={}", s.sent(), s.queued(),
 *         s.refusedByClient(), s.rejected(), s.dropped(), s.notStored());
 * }</pre>
 */
public final class ClientStats extends Value {

    private final long queued;
    private final long spooled;
    private final long sent;
    private final long retries;
    private final long rejected;
    private final long dropped;
    private final long refusedByClient;
    private final long receipts;
    private final long outcomeUnknownResends;
    private final Map<String, Long> notStored;
    private final Receipt lastReceipt;
    private final String lastError;
    private final Instant lastErrorTime;

    ClientStats(long queued, long spooled, Counts counts, Map<String, Long> notStored, Receipt lastReceipt,
                String lastError, Instant lastErrorTime) {
        this.queued = queued;
        this.spooled = spooled;
        this.sent = counts.sent;
        this.retries = counts.retries;
        this.rejected = counts.rejected;
        this.dropped = counts.dropped;
        this.refusedByClient = counts.refusedByClient;
        this.receipts = counts.receipts;
        this.outcomeUnknownResends = counts.outcomeUnknownResends;
        this.notStored = Collections.unmodifiableMap(new TreeMap<>(notStored));
        this.lastReceipt = lastReceipt;
        this.lastError = lastError;
        this.lastErrorTime = lastErrorTime;
    }

    /** The plain counters of a snapshot. */
    static final class Counts {
        long sent;
        long retries;
        long rejected;
        long dropped;
        long refusedByClient;
        long receipts;
        long outcomeUnknownResends;
    }

    /** @return messages accepted by {@code send} and not yet delivered or rejected (in memory or in the spool) */
    public long queued() {
        return queued;
    }

    /** @return of {@code queued}, the messages held in the spool directory */
    public long spooled() {
        return spooled;
    }

    /** @return messages the monitor acknowledged (stored in Kafka) */
    public long sent() {
        return sent;
    }

    /** @return requests that were repeated after an IO error, a 408/429/502/503/504 or a 401 within the authentication retry window */
    public long retries() {
        return retries;
    }

    /** @return messages the monitor refused for good (each also went to the {@link RejectionListener}) */
    public long rejected() {
        return rejected;
    }

    /** @return messages lost by this client: refused by the {@link OverflowPolicy}, sent after {@code stop}, not delivered when a {@link SynchronousClient} ran out of attempts, or still in memory when a client without spool stopped */
    public long dropped() {
        return dropped;
    }

    /** @return messages {@code send} refused for what they contain, without sending them (non-finite values, ids or times outside the range in force); each also went to the {@link RejectionListener} */
    public long refusedByClient() {
        return refusedByClient;
    }

    /**
     * @return why messages handed to {@code send} were not stored: reason → messages, e.g.
     *         {@code "refused by the client: non-finite value" → 3}, {@code "refused by the monitor: 401 unauthorized"
     *         → 487}, {@code "dropped: backlog full (DROP_NEWEST)" → 12}; empty if nothing was lost
     */
    public Map<String, Long> notStored() {
        return notStored;
    }

    /** @return messages stored with a {@link Receipt} naming their Kafka partition and offset */
    public long receipts() {
        return receipts;
    }

    /** @return the receipt of the message stored last; {@code null} if none yet */
    public Receipt lastReceipt() {
        return lastReceipt;
    }

    /** @return messages sent again although an earlier request may have stored them (the monitor answered "outcome unknown", or the answer was lost): each may be in Kafka twice */
    public long outcomeUnknownResends() {
        return outcomeUnknownResends;
    }

    /** @return the most recent failure, e.g. {@code "503 urn:tma-monitor:problem:kafka-unavailable"} or {@code "connection refused: nothing listens at ..."}; {@code null} if none */
    public String lastError() {
        return lastError;
    }

    /** @return when {@code lastError} happened; {@code null} if none */
    public Instant lastErrorTime() {
        return lastErrorTime;
    }

    @Override
    Object[] components() {
        return new Object[] {"queued", queued, "spooled", spooled, "sent", sent, "retries", retries,
            "rejected", rejected, "dropped", dropped, "refusedByClient", refusedByClient, "notStored", notStored,
            "receipts", receipts, "outcomeUnknownResends", outcomeUnknownResends, "lastReceipt", lastReceipt,
            "lastError", lastError, "lastErrorTime", lastErrorTime};
    }
}
