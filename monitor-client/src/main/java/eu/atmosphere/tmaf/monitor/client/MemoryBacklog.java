package eu.atmosphere.tmaf.monitor.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A backlog in memory holding at most {@code capacity} messages (in flight ones included). */
final class MemoryBacklog extends Backlog {

    private final int capacity;
    private final ArrayDeque<QueuedMessage> queue = new ArrayDeque<>();
    private long queuedBytes;
    private int inFlight;

    MemoryBacklog(int capacity, OverflowPolicy overflowPolicy, long blockNanos) {
        super(overflowPolicy, blockNanos);
        this.capacity = capacity;
    }

    @Override
    boolean isDurable() {
        return false;
    }

    @Override
    boolean hasRoomFor(QueuedMessage message) {
        return queue.size() + inFlight < capacity;
    }

    @Override
    long store(QueuedMessage message) {
        queue.addLast(message);
        queuedBytes += message.json().length;
        return pending();
    }

    @Override
    int available() {
        return queue.size();
    }

    @Override
    long availableBytes() {
        return queuedBytes;
    }

    @Override
    List<QueuedMessage> read(int maxCount, long maxBytes) {
        List<QueuedMessage> batch = new ArrayList<>(Math.min(maxCount, queue.size()));
        long bytes = 0;
        while (!queue.isEmpty() && batch.size() < maxCount
                && (batch.isEmpty() || bytes + queue.peekFirst().json().length <= maxBytes)) {
            QueuedMessage message = queue.pollFirst();
            bytes += message.json().length;
            batch.add(message);
        }
        queuedBytes -= bytes;
        inFlight = batch.size();
        return batch;
    }

    @Override
    void acknowledge() {
        inFlight = 0;
    }

    @Override
    long pending() {
        return queue.size() + (long) inFlight;
    }

    @Override
    void release() {
        queue.clear();
        queuedBytes = 0;
        inFlight = 0;
    }
}
