package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageIdSequenceTest {

    @Test
    void idsFollowTheClockAndNeverRepeatWithinAJvm() {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 4).parallel().forEach(t -> {
            for (int i = 0; i < 50_000; i++) {
                assertTrue(ids.add(MessageIdSequence.JVM.next()));
            }
        });
        assertEquals(200_000, ids.size());
        long micros = System.currentTimeMillis() * 1000;
        assertTrue(Math.abs(MessageIdSequence.JVM.next() - micros) < 60_000_000L, "ids are epoch microseconds");
    }

    @Test
    void aRestartedProbeContinuesAboveItsPreviousRun() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
        MessageIdSequence firstRun = new MessageIdSequence(clock::get);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(firstRun.next());   // a burst faster than the clock: ids run ahead of it
        }
        clock.addAndGet(2_000_000);  // restart two seconds later
        MessageIdSequence secondRun = new MessageIdSequence(clock::get);
        for (int i = 0; i < 1000; i++) {
            assertTrue(ids.add(secondRun.next()));
        }
    }

    @Test
    void aRestoredFloorProtectsAgainstAClockSetBack() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
        MessageIdSequence firstRun = new MessageIdSequence(clock::get);
        List<Long> before = IntStream.range(0, 100).mapToObj(i -> firstRun.next()).toList();
        clock.addAndGet(-3_600_000_000L);   // the clock was an hour fast and got corrected
        MessageIdSequence secondRun = new MessageIdSequence(clock::get);
        secondRun.raiseFloor(before.get(before.size() - 1));   // what a spool remembers
        assertTrue(secondRun.next() > before.get(before.size() - 1));
    }
}
