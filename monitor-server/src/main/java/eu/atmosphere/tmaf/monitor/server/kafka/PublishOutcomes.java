package eu.atmosphere.tmaf.monitor.server.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Remembers whether Kafka acknowledged the latest publish: the signal that catches what a
 * metadata check cannot, e.g. two of three brokers down, where the survivor still describes the
 * topic but refuses writes for want of in-sync replicas.
 *
 * <p>After a failure, Kafka counts as failing until a publish succeeds; meanwhile
 * {@link #admits()} lets one trial request through per {@link #TRIAL_INTERVAL} (so recovery is
 * noticed at once) and answers the rest fast, instead of letting each of them wait the whole
 * Kafka timeout. The state expires {@link #MEMORY} after the last failure, so a server that
 * receives no traffic cannot stay failing forever. Thread-safe.
 */
final class PublishOutcomes {

    /** One request per interval goes to Kafka while publishes fail. */
    static final Duration TRIAL_INTERVAL = Duration.ofSeconds(1);
    /** How long a failure is remembered without a newer outcome. */
    static final Duration MEMORY = Duration.ofSeconds(30);

    private static final long NONE = Long.MIN_VALUE;

    private final LongSupplier nanoClock;
    private final AtomicLong lastFailure = new AtomicLong(NONE);
    private final AtomicLong lastTrial = new AtomicLong(NONE);
    private volatile String failure;

    PublishOutcomes(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void succeeded() {
        lastFailure.set(NONE);
    }

    void failed(String reason) {
        failure = reason;
        lastFailure.set(nanoClock.getAsLong());
    }

    /** @return whether the latest publish failed, within {@link #MEMORY} */
    boolean failing() {
        long at = lastFailure.get();
        return at != NONE && nanoClock.getAsLong() - at < MEMORY.toNanos();
    }

    /** @return why publishing fails, or null */
    String problem() {
        return failing() ? "the last publish was not acknowledged: " + failure : null;
    }

    /** @return whether a request may go to Kafka now: always, unless failing and a trial already went this interval */
    boolean admits() {
        if (!failing()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        long last = lastTrial.get();
        return (last == NONE || now - last >= TRIAL_INTERVAL.toNanos()) && lastTrial.compareAndSet(last, now);
    }
}
