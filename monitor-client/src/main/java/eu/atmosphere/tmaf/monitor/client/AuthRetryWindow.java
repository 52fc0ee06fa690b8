package eu.atmosphere.tmaf.monitor.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether a 401 is final yet: not within {@code window} of the first 401 after the last accepted request, so a
 * probe started just before its registration reached every monitor replica loses nothing (see
 * {@link ClientConfig.Builder#authRetryWindow}). Thread-safe.
 *
 * <pre>{@code
 * AuthRetryWindow window = new AuthRetryWindow(Duration.ofSeconds(60), System::nanoTime);
 * if (status == 401 && window.refused() == AuthRetryWindow.Verdict.RETRY) { ... keep and retry ... }
 * window.accepted();   // any answer that is not a 401 closes the streak
 * }</pre>
 */
final class AuthRetryWindow {

    /** What to do with a 401. */
    enum Verdict {
        /** The first 401 of a streak: keep the messages, retry, and say so loudly. */
        FIRST_RETRY,
        /** Within the window: keep the messages and retry. */
        RETRY,
        /** The window has just passed: refuse, and say so loudly. */
        FIRST_REFUSAL,
        /** The window passed earlier: refuse. */
        REFUSE
    }

    private static final long NONE = Long.MIN_VALUE;

    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong streakStart = new AtomicLong(NONE);
    private final AtomicBoolean refusalAnnounced = new AtomicBoolean();

    AuthRetryWindow(Duration window, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** @return the window, for log lines */
    Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** @return what to do with a 401 that came now */
    Verdict refused() {
        long now = nanoClock.getAsLong();
        boolean first = streakStart.compareAndSet(NONE, now);
        long start = streakStart.get();
        if (start != NONE && now - start < windowNanos) {
            return first ? Verdict.FIRST_RETRY : Verdict.RETRY;
        }
        return refusalAnnounced.compareAndSet(false, true) ? Verdict.FIRST_REFUSAL : Verdict.REFUSE;
    }

    /** The monitor accepted the credentials (any answer but 401): the next 401 starts a new window. */
    void accepted() {
        if (streakStart.get() != NONE) {
            streakStart.set(NONE);
            refusalAnnounced.set(false);
        }
    }
}
