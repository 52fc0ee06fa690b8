package eu.atmosphere.tmaf.monitor.server.http;

import java.util.concurrent.Semaphore;

/**
 * Bounds the request bytes the server holds in memory at once: bodies being received, checked,
 * or awaiting Kafka's acknowledgement. A request is charged as its bytes arrive and released when
 * it is answered, so a slow or absent Kafka, or many clients sending at once, turn into 503s
 * instead of unbounded memory; a client that sends slowly holds only what it has sent. Never
 * blocks.
 *
 * <pre>{@code
 * InFlightBudget budget = new InFlightBudget(64 * 1024 * 1024);
 * if (budget.tryAcquire(bytes)) { ...; budget.release(bytes); }
 * }</pre>
 */
public final class InFlightBudget {

    private final Semaphore bytes;

    /** @param maxBytes bytes that may be held at once */
    public InFlightBudget(long maxBytes) {
        this.bytes = new Semaphore((int) Math.min(maxBytes, Integer.MAX_VALUE));
    }

    /** @param size bytes to hold @return whether they fit now; if so, {@link #release} them later */
    public boolean tryAcquire(int size) {
        return bytes.tryAcquire(size);
    }

    /** @param size bytes no longer held */
    public void release(int size) {
        bytes.release(size);
    }
}
