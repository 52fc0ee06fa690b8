package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryTimingTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.5, 3);

    @Test
    void retryAfterInSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("7", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", NOW));
    }

    @Test
    void retryAfterAsHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sun, 01 Jun 2025 12:01:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 01 Jun 2025 11:00:00 GMT", NOW));
    }

    @Test
    void retryAfterIsCappedAndGarbageIgnored() {
        assertEquals(Optional.of(RetryAfter.MAX), RetryAfter.parse("86400", NOW));
        assertEquals(Optional.of(RetryAfter.MAX), RetryAfter.parse("99999999999999999999", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        Backoff noJitter = new Backoff(POLICY, () -> 0.0);
        assertEquals(Duration.ofMillis(100), noJitter.delay(1, Optional.empty()));
        assertEquals(Duration.ofMillis(200), noJitter.delay(2, Optional.empty()));
        assertEquals(Duration.ofMillis(800), noJitter.delay(4, Optional.empty()));
        assertEquals(Duration.ofSeconds(2), noJitter.delay(30, Optional.empty()));
        assertEquals(Duration.ofSeconds(2), noJitter.delay(Integer.MAX_VALUE, Optional.empty()));
    }

    @Test
    void jitterOnlyShortensTheWaitByTheConfiguredFraction() {
        Backoff fullJitter = new Backoff(POLICY, () -> 1.0);
        assertEquals(Duration.ofMillis(400), fullJitter.delay(4, Optional.empty()));
        Backoff random = new Backoff(POLICY);
        for (int i = 0; i < 1000; i++) {
            Duration d = random.delay(4, Optional.empty());
            assertTrue(d.compareTo(Duration.ofMillis(400)) >= 0 && d.compareTo(Duration.ofMillis(800)) <= 0, d.toString());
        }
    }

    @Test
    void retryAfterReplacesTheComputedBackoff() {
        Backoff backoff = new Backoff(POLICY, () -> 0.0);
        assertEquals(Duration.ofSeconds(30), backoff.delay(1, Optional.of(Duration.ofSeconds(30))));
        assertEquals(Duration.ZERO, backoff.delay(5, Optional.of(Duration.ZERO)));
    }
}
