package eu.atmosphere.tmaf.monitor.server.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The publish-outcome signal: fast refusals while failing, one trial per interval, no permanent state. */
class PublishOutcomesTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PublishOutcomes outcomes = new PublishOutcomes(now::get);

    @Test
    void admitsEverythingUntilAPublishFails() {
        assertFalse(outcomes.failing());
        assertNull(outcomes.problem());
        for (int i = 0; i < 5; i++) {
            assertTrue(outcomes.admits());
        }
    }

    @Test
    void whileFailingAdmitsOneTrialPerInterval() {
        outcomes.failed("NotEnoughReplicasException");

        assertTrue(outcomes.failing());
        assertTrue(outcomes.problem().contains("NotEnoughReplicasException"));
        assertTrue(outcomes.admits(), "the first trial");
        assertFalse(outcomes.admits(), "a second request in the same interval is answered fast");
        advance(PublishOutcomes.TRIAL_INTERVAL);
        assertTrue(outcomes.admits(), "the next interval's trial");
        assertFalse(outcomes.admits());
    }

    @Test
    void aSuccessEndsTheFailingState() {
        outcomes.failed("TimeoutException");
        outcomes.admits();

        outcomes.succeeded();

        assertFalse(outcomes.failing());
        assertEquals(3, java.util.stream.IntStream.range(0, 3).filter(i -> outcomes.admits()).count());
    }

    @Test
    void aFailureIsForgottenWithoutNewerOutcomes() {
        outcomes.failed("TimeoutException");
        advance(PublishOutcomes.MEMORY.minusMillis(1));
        assertTrue(outcomes.failing());

        advance(Duration.ofMillis(1));

        assertFalse(outcomes.failing(), "a server without traffic must not stay failing forever");
        assertTrue(outcomes.admits());
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
