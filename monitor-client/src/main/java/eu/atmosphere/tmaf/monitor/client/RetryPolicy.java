package eu.atmosphere.tmaf.monitor.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed requests are retried: after IO errors and after {@code 408}, {@code 429}, {@code 502},
 * {@code 503} and {@code 504} responses, with jittered exponential backoff. A {@code Retry-After}
 * header sent by the monitor replaces the computed backoff (capped at ten minutes).
 *
 * <p>The {@code n}-th retry waits {@code min(maxBackoff, initialBackoff * multiplier^(n-1))},
 * reduced by a random fraction of up to {@code jitter} so that probes restarted together do not
 * retry in lock-step.
 *
 * <pre>{@code
 * RetryPolicy fast = new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(2), 2.0, 0.2, 3);
 * ClientConfig config = ClientConfig.builder().retryPolicy(fast).build();
 * }</pre>
 */
public final class RetryPolicy extends Value {

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final int maxAttempts;

    /** 200 ms doubling up to 10 s, 20 % jitter, 5 attempts for a synchronous send. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), 2.0,
            0.2, 5);

    /**
     * Validates the policy.
     *
     * @param initialBackoff wait before the first retry
     * @param maxBackoff longest computed wait
     * @param multiplier growth factor per retry, at least 1
     * @param jitter fraction in [0, 1] by which a wait is randomly shortened
     * @param maxAttempts attempts per request of a {@link SynchronousClient} (at least 1); a {@link BackgroundClient} retries until the message is delivered or the client is stopped
     */
    public RetryPolicy(Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter, int maxAttempts) {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (!(multiplier >= 1.0) || !(jitter >= 0.0 && jitter <= 1.0) || maxAttempts < 1) {
            throw new IllegalArgumentException("need multiplier >= 1, 0 <= jitter <= 1 and maxAttempts >= 1");
        }

        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.maxAttempts = maxAttempts;
    }

    /** @return wait before the first retry */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return longest computed wait */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return growth factor per retry, at least 1 */
    public double multiplier() {
        return multiplier;
    }

    /** @return fraction in [0, 1] by which a wait is randomly shortened */
    public double jitter() {
        return jitter;
    }

    /** @return attempts per request of a {@link SynchronousClient} (at least 1); a {@link BackgroundClient} retries until the message is delivered or the client is stopped */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    Object[] components() {
        return new Object[] {"initialBackoff", initialBackoff, "maxBackoff", maxBackoff, "multiplier", multiplier,
            "jitter", jitter, "maxAttempts", maxAttempts};
    }
}
