package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The in-memory backlog: capacity, overflow policies, batching, lingering, and waking blocked callers. */
class MemoryBacklogTest {

    static QueuedMessage message(long id) {
        return new QueuedMessage(id, ("{\"messageId\":" + id + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void returnsTheWaitingCountAndRefusesWhenFull() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog(3, OverflowPolicy.DROP_NEWEST, 0);
        assertEquals(1, backlog.offer(message(1)));
        assertEquals(2, backlog.offer(message(2)));
        assertEquals(3, backlog.offer(message(3)));
        assertEquals(Backlog.REFUSED, backlog.offer(message(4)));
        assertEquals(List.of(1L, 2L), ids(backlog.take(2, Long.MAX_VALUE, 0)));
        assertEquals(Backlog.REFUSED, backlog.offer(message(5)), "in-flight messages still take room");
        backlog.commit();
        assertEquals(2, backlog.offer(message(6)));
        assertEquals(List.of(3L, 6L), ids(backlog.take(10, Long.MAX_VALUE, 0)));
    }

    @Test
    void blockPolicyWaitsForRoomThenGivesUp() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog(1, OverflowPolicy.BLOCK, TimeUnit.MILLISECONDS.toNanos(100));
        backlog.offer(message(1));
        long start = System.nanoTime();
        assertEquals(Backlog.REFUSED, backlog.offer(message(2)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));

        MemoryBacklog roomy = new MemoryBacklog(1, OverflowPolicy.BLOCK, TimeUnit.SECONDS.toNanos(10));
        roomy.offer(message(1));
        FutureTask<Integer> blocked = new FutureTask<>(() -> roomy.offer(message(2)));
        awaitBlocked(blocked, "offer to a full backlog");
        assertEquals(List.of(1L), ids(roomy.take(1, Long.MAX_VALUE, 0)));
        roomy.commit();
        assertEquals(1, blocked.get(5, TimeUnit.SECONDS));
    }

    @Test
    void batchesByCountAndBytesButNeverLessThanOne() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog(100, OverflowPolicy.DROP_NEWEST, 0);
        for (long i = 10; i < 20; i++) {
            backlog.offer(message(i));   // 16 bytes each
        }
        assertEquals(List.of(10L, 11L, 12L), ids(backlog.take(3, Long.MAX_VALUE, 0)));
        backlog.commit();
        assertEquals(List.of(13L, 14L), ids(backlog.take(100, 40, 0)));
        backlog.commit();
        assertEquals(List.of(15L), ids(backlog.take(100, 1, 0)));
        backlog.commit();
    }

    @Test
    void lingersForAFullBatchUntilDrained() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog(100, OverflowPolicy.DROP_NEWEST, 0);
        backlog.offer(message(1));
        long start = System.nanoTime();
        assertEquals(1, backlog.take(10, Long.MAX_VALUE, TimeUnit.MILLISECONDS.toNanos(150)).size());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(140), "lingered");
        backlog.commit();

        backlog.offer(message(2));
        FutureTask<List<QueuedMessage>> lingering = new FutureTask<>(
                () -> backlog.take(10, Long.MAX_VALUE, TimeUnit.SECONDS.toNanos(30)));
        awaitBlocked(lingering, "take lingering 30 s for a full batch");
        backlog.drain();
        assertEquals(1, lingering.get(5, TimeUnit.SECONDS).size(), "drain cuts the linger short");
        backlog.commit();
        assertEquals(List.of(), backlog.take(10, Long.MAX_VALUE, 0), "drained and empty");
    }

    @Test
    void closingRefusesMessagesAndWakesTheSender() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog(10, OverflowPolicy.DROP_NEWEST, 0);
        FutureTask<List<QueuedMessage>> waiting = new FutureTask<>(() -> backlog.take(10, Long.MAX_VALUE, 0));
        awaitBlocked(waiting, "take from an empty backlog");
        backlog.close();
        assertEquals(List.of(), waiting.get(5, TimeUnit.SECONDS));
        assertEquals(Backlog.REFUSED, backlog.offer(message(1)));
    }

    @Test
    void aBatchMustBeCommittedBeforeTheNext() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog(10, OverflowPolicy.DROP_NEWEST, 0);
        backlog.offer(message(1));
        backlog.offer(message(2));
        backlog.take(1, Long.MAX_VALUE, 0);
        assertThrows(IllegalStateException.class, () -> backlog.take(1, Long.MAX_VALUE, 0));
    }

    static List<Long> ids(List<QueuedMessage> batch) {
        return batch.stream().map(QueuedMessage::messageId).toList();
    }

    /**
     * Runs the call on a thread of its own and returns once that thread waits on the backlog's condition (not
     * merely on its lock), and the call has not returned: from then on, what the test does next is what wakes it.
     */
    private static void awaitBlocked(FutureTask<?> call, String what) {
        Thread thread = new Thread(call, what);
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(LockSupport.getBlocker(thread) instanceof AbstractQueuedSynchronizer.ConditionObject)) {
            assertFalse(call.isDone(), what + " returned instead of blocking");
            assertTrue(System.nanoTime() < deadline, what + " did not block within 10 s");
            Thread.yield();
        }
        assertFalse(call.isDone(), what + " returned instead of blocking");
    }
}
