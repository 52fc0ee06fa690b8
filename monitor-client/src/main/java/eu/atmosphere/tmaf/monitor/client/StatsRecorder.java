package eu.atmosphere.tmaf.monitor.client;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link ClientStats}; thread-safe. */
final class StatsRecorder {


    private final LongAdder sent = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile LastError lastError;

    void sent(int messages) {
        sent.add(messages);
    }

    void retried() {
        retries.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void dropped(long messages) {
        dropped.add(messages);
    }

    void error(String description) {
        lastError = new LastError(description, Instant.now());
    }

    ClientStats snapshot(long queued, long spooled) {
        LastError error = lastError;
        return new ClientStats(queued, spooled, sent.sum(), retries.sum(), rejected.sum(), dropped.sum(),
                error == null ? null : error.description, error == null ? null : error.time);
    }

    private static final class LastError {

        private final String description;
        private final Instant time;

        LastError(String description, Instant time) {
            this.description = description;
            this.time = time;
        }

        /** @return description */
        String description() {
            return description;
        }

        /** @return time */
        Instant time() {
            return time;
        }
    }
}
