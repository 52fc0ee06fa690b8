package eu.atmosphere.tmaf.monitor.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** Computes the wait before a retry from a {@link RetryPolicy} and the server's {@code Retry-After}. */
final class Backoff {

    private final RetryPolicy policy;
    private final DoubleSupplier random;

    Backoff(RetryPolicy policy) {
        this(policy, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(RetryPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /**
     * @param retry      1 for the first retry of a request, 2 for the second, ...
     * @param retryAfter what the server asked for, if anything; used as is
     * @return how long to wait
     */
    Duration delay(int retry, Optional<Duration> retryAfter) {
        return retryAfter.orElseGet(() -> jittered(retry));
    }

    /** @return the longest computed wait, used while the failure cannot heal by itself (TLS) */
    Duration max() {
        return policy.maxBackoff();
    }

    private Duration jittered(int retry) {
        double nanos = policy.initialBackoff().toNanos() * Math.pow(policy.multiplier(), Math.max(0, retry - 1));
        double capped = Math.min(nanos, policy.maxBackoff().toNanos());
        return Duration.ofNanos((long) (capped * (1.0 - policy.jitter() * random.getAsDouble())));
    }
}
