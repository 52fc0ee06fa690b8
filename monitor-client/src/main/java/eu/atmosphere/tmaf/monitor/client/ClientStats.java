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
 *
 * @param queued        messages accepted by {@code send} and not yet delivered or rejected (in memory
 *                      or in the spool)
 * @param spooled       of {@code queued}, the messages held in the spool directory
 * @param sent          messages the monitor acknowledged (stored in Kafka)
 * @param retries       requests that were repeated after an IO error or a 408/429/502/503/504
 * @param rejected      messages the monitor refused for good (each also went to the
 *                      {@link RejectionListener})
 * @param dropped       messages lost by this client: refused by the {@link OverflowPolicy}, sent
 *                      after {@code stop}, or still in memory when a client without spool stopped
 * @param lastError     the most recent failure, e.g. {@code "503 urn:tma-monitor:problem:kafka-unavailable"}
 *                      or {@code "ConnectException: Connection refused"}; {@code null} if none
 * @param lastErrorTime when {@code lastError} happened; {@code null} if none
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

    public ClientStats(long queued, long spooled, long sent, long retries, long rejected, long dropped, String lastError, Instant lastErrorTime) {
        this.queued = queued;
        this.spooled = spooled;
        this.sent = sent;
        this.retries = retries;
        this.rejected = rejected;
        this.dropped = dropped;
        this.lastError = lastError;
        this.lastErrorTime = lastErrorTime;
    }


    /** @return queued */
    public long queued() {
        return queued;
    }

    /** @return spooled */
    public long spooled() {
        return spooled;
    }

    /** @return sent */
    public long sent() {
        return sent;
    }

    /** @return retries */
    public long retries() {
        return retries;
    }

    /** @return rejected */
    public long rejected() {
        return rejected;
    }

    /** @return dropped */
    public long dropped() {
        return dropped;
    }

    /** @return lastError */
    public String lastError() {
        return lastError;
    }

    /** @return lastErrorTime */
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
