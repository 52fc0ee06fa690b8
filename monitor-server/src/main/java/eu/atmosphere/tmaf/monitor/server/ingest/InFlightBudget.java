package eu.atmosphere.tmaf.monitor.server.ingest;

import java.util.concurrent.Semaphore;

/**
 * Bounds the request bytes that await Kafka's acknowledgement at once, so a slow or absent
 * Kafka turns into 503s instead of unbounded memory. Never blocks.
 */
final class InFlightBudget {

    private final Semaphore bytes;

    InFlightBudget(long maxBytes) {
        this.bytes = new Semaphore((int) Math.min(maxBytes, Integer.MAX_VALUE));
    }

    /** @param size bytes of one request @return whether they fit now; if so, {@link #release} them later */
    boolean tryAcquire(int size) {
        return bytes.tryAcquire(Math.max(size, 1));
    }

    /** @param size the bytes of a request that no longer awaits Kafka */
    void release(int size) {
        bytes.release(Math.max(size, 1));
    }
}
