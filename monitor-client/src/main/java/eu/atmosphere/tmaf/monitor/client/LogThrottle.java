package eu.atmosphere.tmaf.monitor.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a warning through once per cause per interval, so that a probe repeating a mistake thousands of times
 * a second gets one line every few seconds (with the running count), not a flood. Thread-safe.
 *
 * <pre>{@code
 * LogThrottle throttle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);
 * if (throttle.due("non-finite value")) {
 *     LOG.warn("...; {} refused in all (logged at most every {} s per cause)", total, throttle.intervalSeconds());
 * }
 * }</pre>
 */
final class LogThrottle {

    /** The interval the clients use. */
    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    LogThrottle(long intervalNanos, LongSupplier nanoClock) {
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /** @return a throttle of {@link #DEFAULT_INTERVAL_NANOS} on {@link System#nanoTime()} */
    static LogThrottle standard() {
        return new LogThrottle(DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    /**
     * @param cause what the line is about, e.g. {@code "non-finite value"}
     * @return whether to log it now: the first time, then once the interval has passed since the last time
     */
    boolean due(String cause) {
        AtomicLong last = lastLogged.computeIfAbsent(cause, c -> new AtomicLong(NEVER));
        long now = nanoClock.getAsLong();
        long previous = last.get();
        return (previous == NEVER || now - previous >= intervalNanos) && last.compareAndSet(previous, now);
    }

    /** @return the interval in whole seconds, for log lines */
    long intervalSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(intervalNanos);
    }
}
