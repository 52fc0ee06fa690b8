package eu.atmosphere.tmaf.monitor.probe.common;

import eu.atmosphere.tmaf.monitor.client.ClientStats;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Formats the one-line progress summary that {@link ProbeLoop} prints. */
final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * @return e.g. {@code 2026-11-27T05:30:00Z progress: rounds=3 messages=3 sent=3 queued=0 retried=0
     *         rejected=0 dropped=0 refused=0}, followed by the last error if there was one
     */
    static String format(Instant now, long rounds, long messages, ClientStats stats) {
        StringBuilder line = new StringBuilder()
                .append(now.truncatedTo(ChronoUnit.SECONDS)).append(" progress:")
                .append(" rounds=").append(rounds)
                .append(" messages=").append(messages)
                .append(" sent=").append(stats.sent())
                .append(" queued=").append(stats.queued())
                .append(" retried=").append(stats.retries())
                .append(" rejected=").append(stats.rejected())
                .append(" dropped=").append(stats.dropped())
                .append(" refused=").append(stats.refusedByClient());
        if (stats.lastError() != null) {
            line.append(" last-error=\"").append(stats.lastError()).append("\" at ")
                    .append(stats.lastErrorTime().truncatedTo(ChronoUnit.SECONDS));
        }
        return line.toString();
    }
}
