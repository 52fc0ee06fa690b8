package eu.atmosphere.tmaf.monitor.client;

import java.util.Objects;
import java.time.Instant;

/**
 * A snapshot of a client's delivery counters, from {@link MonitorClient#stats()}.
 *
 * <pre>{@code
 * ClientStats s = client.stats();
 * log.info("sent={} queued={} spooled={} rejected={} dropped={}", s.sent(), s.queued(), s.spooled(),
 *         s.rejected(), s.dropped());
 * }</pre>
 */
public final class ClientStats {

    private final long queued;
    private final long spooled;
    private final long sent;
    private final long retries;
    private final long rejected;
    private final long dropped;
    private final String lastError;
    private final Instant lastErrorTime;

    ClientStats(long queued, long spooled, long sent, long retries, long rejected, long dropped, String lastError,
                Instant lastErrorTime) {
        this.queued = queued;
        this.spooled = spooled;
        this.sent = sent;
        this.retries = retries;
        this.rejected = rejected;
        this.dropped = dropped;
        this.lastError = lastError;
        this.lastErrorTime = lastErrorTime;
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

    /** @return requests that were repeated after an IO error or a 408/429/502/503/504 */
    public long retries() {
        return retries;
    }

    /** @return messages the monitor refused for good (each also went to the {@link RejectionListener}) */
    public long rejected() {
        return rejected;
    }

    /** @return messages lost by this client: refused by the {@link OverflowPolicy}, sent after {@code stop}, or still in memory when a client without spool stopped */
    public long dropped() {
        return dropped;
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
    public boolean equals(Object o) {
        if (!(o instanceof ClientStats)) {
            return false;
        }
        ClientStats other = (ClientStats) o;
        return queued == other.queued && spooled == other.spooled && sent == other.sent && retries == other.retries && rejected == other.rejected && dropped == other.dropped && Objects.equals(lastError, other.lastError) && Objects.equals(lastErrorTime, other.lastErrorTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(queued, spooled, sent, retries, rejected, dropped, lastError, lastErrorTime);
    }

    @Override
    public String toString() {
        return "ClientStats[" + "queued=" + queued + ", " + "spooled=" + spooled + ", " + "sent=" + sent + ", " + "retries=" + retries + ", " + "rejected=" + rejected + ", " + "dropped=" + dropped + ", " + "lastError=" + lastError + ", " + "lastErrorTime=" + lastErrorTime + "]";
    }
}
