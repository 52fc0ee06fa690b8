package eu.atmosphere.tmaf.monitor.server.cli;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what the server started, last started first, on SIGTERM/SIGINT (a shutdown hook) or when
 * start-up is abandoned, and makes sure the process ends: if closing takes longer than the timeout (an
 * unhealthy embedded broker can wait for its controller forever), the JVM is halted with exit status 1.
 *
 * <pre>{@code
 * BoundedShutdown shutdown = BoundedShutdown.install(Duration.ofSeconds(30));
 * shutdown.add(broker);          // closed last
 * shutdown.add(server);          // closed first
 * shutdown.awaitSignal();        // returns once a signal closed everything
 * }</pre>
 */
final class BoundedShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedShutdown.class);
    private static final int HALT_STATUS = 1;

    private final Duration timeout;
    private final Deque<AutoCloseable> resources = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    private BoundedShutdown(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param timeout longest the closing may take before the JVM is halted
     * @return a shutdown registered as this JVM's shutdown hook
     */
    static BoundedShutdown install(Duration timeout) {
        BoundedShutdown shutdown = new BoundedShutdown(timeout);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "shutdown"));
        return shutdown;
    }

    /** @param resource closed before everything added earlier */
    void add(AutoCloseable resource) {
        resources.addFirst(resource);
    }

    /** Closes everything once (later calls wait for the first), halting the JVM if that exceeds the timeout. */
    void run() {
        if (!started.compareAndSet(false, true)) {
            awaitSignal();
            return;
        }
        Thread deadline = new Thread(this::haltIfLate, "shutdown-deadline");
        deadline.setDaemon(true);
        deadline.start();
        for (AutoCloseable resource = resources.poll(); resource != null; resource = resources.poll()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}", resource, e);
            }
        }
        done.countDown();
    }

    /** Waits until everything was closed. */
    void awaitSignal() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void haltIfLate() {
        try {
            if (done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("shutdown did not finish within {} s (--shutdown-timeout-seconds): halting", timeout.toSeconds());
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
