package eu.atmosphere.tmaf.monitor.client;

import java.util.Collections;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The body of a {@link BackgroundClient}'s sender thread: takes batches from the backlog in order
 * and delivers each until it is settled, then commits it. Ends when the backlog is drained or
 * closed, or when interrupted (the batch in hand then stays in the backlog, uncommitted).
 */
final class Sender implements Runnable {

    private static final ClientLog LOG = ClientLog.of(Sender.class);

    private final Backlog backlog;
    private final Delivery delivery;
    private final StatsRecorder stats;
    private final int batchSize;
    private final long maxBatchBytes;
    private final long lingerNanos;
    private final Duration pauseAfterFault;

    Sender(Backlog backlog, Delivery delivery, StatsRecorder stats, ClientConfig config) {
        this.backlog = backlog;
        this.delivery = delivery;
        this.stats = stats;
        this.batchSize = config.batchSize();
        this.maxBatchBytes = config.maxBatchBytes();
        this.lingerNanos = config.linger().toNanos();
        this.pauseAfterFault = config.retryPolicy().maxBackoff();
    }

    @Override
    public void run() {
        List<QueuedMessage> batch = Collections.emptyList();
        try {
            while (true) {
                try {
                    if (batch.isEmpty()) {
                        batch = backlog.take(batchSize, maxBatchBytes, lingerNanos);
                        if (batch.isEmpty()) {
                            return;
                        }
                    }
                    if (delivery.deliver(batch).settled) {
                        backlog.commit();
                        batch = Collections.emptyList();
                    }
                } catch (IOException | RuntimeException e) {
                    stats.error(e.getClass().getSimpleName() + ": " + e.getMessage());
                    LOG.error("The sender failed unexpectedly; it keeps the batch and goes on in {} ms",
                            pauseAfterFault.toMillis(), e);
                    Thread.sleep(pauseAfterFault.toMillis());
                }
            }
        } catch (InterruptedException e) {
            LOG.debug("Sender interrupted with {} messages of a batch in hand", batch.size());
        }
    }
}
