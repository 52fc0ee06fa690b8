package eu.atmosphere.tmaf.monitor.client;

import java.util.Collections;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages a {@link BackgroundClient} accepted and has not delivered yet, in order. Callers
 * {@link #offer} from any thread; one sender thread {@link #take}s a batch, delivers it and
 * {@link #commit}s it before taking the next. Subclasses store the messages (memory or disk) and
 * are called with {@link #lock} held.
 */
abstract class Backlog implements Closeable {

    /** {@link #offer} result for a message that was not accepted. */
    static final int REFUSED = -1;

    protected final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final OverflowPolicy overflowPolicy;
    private final long blockNanos;
    private boolean draining;
    private boolean closed;
    private boolean taken;

    Backlog(OverflowPolicy overflowPolicy, long blockNanos) {
        this.overflowPolicy = overflowPolicy;
        this.blockNanos = blockNanos;
    }

    /**
     * @return messages waiting, this one included, or {@link #REFUSED} if the backlog is full (after
     *         waiting under {@link OverflowPolicy#BLOCK}) or closed
     * @throws IOException if the message could not be stored
     */
    final int offer(QueuedMessage message) throws IOException {
        lock.lock();
        try {
            long remaining = blockNanos;
            while (!closed && !hasRoomFor(message)) {
                if (overflowPolicy != OverflowPolicy.BLOCK || remaining <= 0L) {
                    return REFUSED;
                }
                remaining = changed.awaitNanos(remaining);
            }
            if (closed) {
                return REFUSED;
            }
            long waiting = store(message);
            changed.signalAll();
            return (int) Math.min(Integer.MAX_VALUE, waiting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return REFUSED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for messages, then lingers until {@code maxCount} messages or {@code maxBytes} are
     * available or {@code lingerNanos} have passed (or {@link #drain} was called).
     *
     * @return the next batch, at least one message; empty once draining or closed with nothing left
     */
    final List<QueuedMessage> take(int maxCount, long maxBytes, long lingerNanos)
            throws InterruptedException, IOException {
        lock.lock();
        try {
            if (taken) {
                throw new IllegalStateException("the previous batch is not committed");
            }
            while (available() == 0) {
                if (draining || closed) {
                    return Collections.emptyList();
                }
                changed.await();
            }
            long remaining = lingerNanos;
            while (!draining && !closed && remaining > 0L && available() < maxCount && availableBytes() < maxBytes) {
                remaining = changed.awaitNanos(remaining);
            }
            List<QueuedMessage> batch = read(maxCount, maxBytes);
            taken = !batch.isEmpty();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the batch last taken as settled (delivered or refused for good). Does nothing once
     * closed: the batch then counts as not delivered.
     */
    final void commit() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!taken) {
                throw new IllegalStateException("no batch taken");
            }
            acknowledge();
            taken = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops lingering: {@link #take} returns what there is, and an empty batch once nothing is left. */
    final void drain() {
        lock.lock();
        try {
            draining = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return messages accepted and not committed yet */
    final long waiting() {
        return withLock(this::pending);
    }

    /** @return of {@link #waiting()}, the messages held on disk */
    final long spooled() {
        return isDurable() ? waiting() : 0L;
    }

    /**
     * Refuses further messages and releases resources. A memory backlog loses what it holds.
     *
     * @throws IOException if files could not be closed cleanly
     */
    @Override
    public final void close() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                changed.signalAll();
                release();
            }
        } finally {
            lock.unlock();
        }
    }

    private long withLock(LongSupplier supplier) {
        lock.lock();
        try {
            return supplier.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether accepted messages survive the process (a spool) */
    abstract boolean isDurable();

    abstract boolean hasRoomFor(QueuedMessage message);

    /** @return messages waiting after storing this one */
    abstract long store(QueuedMessage message) throws IOException;

    /** @return messages stored and not taken */
    abstract int available();

    /** @return JSON bytes stored and not taken */
    abstract long availableBytes();

    /** @return up to {@code maxCount} messages and (beyond the first) {@code maxBytes}, oldest first */
    abstract List<QueuedMessage> read(int maxCount, long maxBytes) throws IOException;

    /** Forgets the messages last read. */
    abstract void acknowledge() throws IOException;

    /** @return messages stored and not acknowledged */
    abstract long pending();

    abstract void release() throws IOException;
}
