package eu.atmosphere.tmaf.monitor.client;

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
public record ClientStats(long queued, long spooled, long sent, long retries, long rejected, long dropped,
                          String lastError, Instant lastErrorTime) {
}
