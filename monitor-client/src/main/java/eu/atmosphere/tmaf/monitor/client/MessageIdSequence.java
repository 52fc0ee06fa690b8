package eu.atmosphere.tmaf.monitor.client;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Issues message ids: {@code max(previous id + 1, microseconds since the epoch)}.
 *
 * <p>Ids are strictly increasing within a JVM (one sequence is shared by every client of the JVM).
 * Because they follow the wall clock, a restarted probe continues above the ids of its previous run
 * as long as the previous run did not send faster than one message per microsecond on average and
 * the clock was not set back. A spool directory removes the clock condition: the highest id it has
 * seen is restored with {@link #raiseFloor} before the first id is issued.
 */
final class MessageIdSequence {

    /** The sequence of this JVM. */
    static final MessageIdSequence JVM = new MessageIdSequence(MessageIdSequence::epochMicros);

    private final LongSupplier clockMicros;
    private final AtomicLong last = new AtomicLong();

    MessageIdSequence(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
    }

    /** @return a new id, greater than every id issued or restored before */
    long next() {
        long now = clockMicros.getAsLong();
        return last.updateAndGet(previous -> Math.max(previous + 1, now));
    }

    /** @param issued an id issued before (e.g. by a previous run); later ids will be greater */
    void raiseFloor(long issued) {
        last.accumulateAndGet(issued, Math::max);
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
