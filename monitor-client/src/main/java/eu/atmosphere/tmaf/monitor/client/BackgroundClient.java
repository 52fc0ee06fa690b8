package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Accepts messages on the caller's thread in microseconds and delivers them from a daemon sender
 * thread: in batches (up to {@code batchSize} messages or {@code linger}), retried until the monitor
 * stores or refuses them, in the order they were sent.
 *
 * <pre>{@code
 * BackgroundClient client = new BackgroundClient();   // configured by TMA_MONITOR_URL, TMA_SPOOL_DIR, ...
 * client.authenticate(1098, "pass".getBytes());
 * boolean start = client.start();
 * Message message = client.createMessage();
 * message.setResourceId(101098);
 * long now = MonitorClient.nowSeconds();
 * message.addData(new Data(Data.Type.EVENT, 33, new Observation(now, 724.0)));
 * client.send(message);
 * // returning from main is fine: a shutdown hook delivers what is left within drainTimeout
 * }</pre>
 *
 * <p>{@code send} returns the number of messages waiting for delivery, this one included (at least
 * 1), or {@link #NOT_ACCEPTED} ({@code -1}) if the message was not accepted: refused for its content (see
 * {@link MonitorClient#send}; counted in {@link ClientStats#refusedByClient()}), or the backlog was full (see
 * {@link OverflowPolicy}), the spool could not be written, or the client is stopped (counted in
 * {@link ClientStats#dropped()}). {@code send} never throws for what a message contains.
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>At least once: a message accepted by {@code send} is delivered (reported to the {@link ReceiptListener}),
 *     refused for good (reported to the {@link RejectionListener}), or counted in {@link ClientStats#dropped()};
 *     never lost silently. A message whose request's outcome was unknown (a 503 naming it "outcome unknown", a
 *     lost answer) is sent again and may arrive twice; consumers drop duplicates by
 *     {@code (probeId, messageId)}.</li>
 * <li>Order: one sender thread delivers batches in {@code send} order, so messages of one resource
 *     arrive in order (Kafka keys records by resource).</li>
 * <li>Without a spool directory, the backlog is in memory ({@code queueCapacity} messages) and what is
 *     left when the client stops undelivered is lost and counted. With a spool directory
 *     ({@code TMA_SPOOL_DIR}) every accepted message is on disk before {@code send} returns; what is left
 *     at stop, or when the process is killed, is sent after the next start.</li>
 * </ul>
 */
public final class BackgroundClient extends MonitorClient implements AutoCloseable {

    private static final ClientLog LOG = ClientLog.of(BackgroundClient.class);
    private static final long INTERRUPTED_SENDER_GRACE_MILLIS = 1_000;

    private enum State { NEW, RUNNING, STOPPED }

    private final Backlog backlog;
    private final Thread senderThread;
    private final Thread shutdownHook;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final LogThrottle dropWarnings = LogThrottle.standard();
    private final AtomicReference<Throwable> senderFailure = new AtomicReference<>();

    /** A client configured by the environment variables (see {@link ClientConfig}). */
    public BackgroundClient() {
        this(ClientConfig.fromEnvironment());
    }

    /**
     * @param endpoint the monitor's base URL or its {@code /monitor} resource; other settings from the
     *                 environment
     */
    public BackgroundClient(String endpoint) {
        this(ClientConfig.builder().endpoint(endpoint).build());
    }

    /**
     * @param config the configuration
     * @throws UncheckedIOException if the spool directory cannot be used
     */
    public BackgroundClient(ClientConfig config) {
        super(config, MessageIdSequence.JVM);
        this.backlog = openBacklog(config);
        Sender sender = new Sender(backlog, newDelivery(Integer.MAX_VALUE, true), stats, config);
        this.senderThread = new Thread(sender, "tma-monitor-sender");
        this.senderThread.setDaemon(true);
        this.senderThread.setUncaughtExceptionHandler((thread, failure) -> {
            senderFailure.set(failure);
            stats.error("sender thread died: " + failure);
            LOG.error("The sender thread of the monitor client died; messages are no longer delivered", failure);
        });
        this.shutdownHook = new Thread(this::stopAtExit, "tma-monitor-shutdown");
    }

    private static Backlog openBacklog(ClientConfig config) {
        long blockNanos = config.blockTimeout().toNanos();
        if (config.spoolDirectory() == null) {
            return new MemoryBacklog(config.queueCapacity(), config.overflowPolicy(), blockNanos);
        }
        try {
            return new SpoolBacklog(config.spoolDirectory(), config.spoolMaxBytes(),
                    Math.min(SpoolBacklog.DEFAULT_SEGMENT_BYTES, Math.max(1, config.spoolMaxBytes() / 8)),
                    config.spoolFsyncInterval(), config.overflowPolicy(), blockNanos, MessageIdSequence.JVM);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the spool directory " + config.spoolDirectory(), e);
        }
    }

    /**
     * Starts the sender thread (a daemon) and registers a JVM shutdown hook that delivers what is left
     * within {@code drainTimeout}. Messages sent before {@code start} wait in the backlog; a client that
     * is never started delivers nothing (with a spool, the next started client sends them).
     *
     * @return {@code true} if this call started the client; {@code false} if it was started or stopped
     *         before (a client runs once)
     */
    public boolean start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            return false;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        senderThread.start();
        return true;
    }

    /** Queues a message; see the class description for the result. */
    @Override
    int dispatch(QueuedMessage message) {
        int waiting;
        boolean spoolFailed = false;
        try {
            waiting = backlog.offer(message);
        } catch (IOException e) {
            stats.error("spool write failed: " + e.getMessage());
            LOG.error("Cannot write message {} to the spool", message.messageId(), e);
            waiting = Backlog.REFUSED;
            spoolFailed = true;
        }
        if (waiting == Backlog.REFUSED) {
            String cause = spoolFailed ? "the spool could not be written" : state.get() == State.STOPPED
                    ? "sent after stop" : "backlog full (" + config.overflowPolicy() + ")";
            long count = stats.dropped(1, cause);
            if (dropWarnings.due(cause)) {
                LOG.warn("Message {} dropped: {}; {} dropped for this cause so far (logged at most every {} s)",
                        message.messageId(), cause, count, dropWarnings.intervalSeconds());
            }
            return NOT_ACCEPTED;
        }
        return waiting;
    }

    /**
     * Stops accepting messages and delivers what is left within {@code drainTimeout} (see
     * {@link ClientConfig.Builder#drainTimeout}). Declares the exceptions of the original library's
     * {@code stop()}, so probes written for it compile unchanged; {@link #stop(Duration)} and
     * {@link #close()} throw none.
     *
     * <pre>{@code
     * try {
     *     boolean delivered = client.stop();
     * } catch (InterruptedException | ExecutionException e) {
     *     // interrupted while draining, or the sender thread had died (e.getCause())
     * }
     * }</pre>
     *
     * @return {@code true} only if every message handed to {@code send} was stored; {@code false} if messages
     *         remain (kept in the spool for the next start, or without a spool lost and counted as dropped) or
     *         were refused (by {@code send} or the monitor) or dropped: {@link ClientStats#notStored()} says how
     *         many and why
     * @throws InterruptedException if the calling thread was interrupted while waiting for the delivery
     *                              (the client is stopped; what is left is handled as for {@code false})
     * @throws ExecutionException   if the sender thread had died of an unexpected error (its cause)
     */
    public boolean stop() throws InterruptedException, ExecutionException {
        boolean delivered = stop(config.drainTimeout());
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while the monitor client delivered what was left");
        }
        Throwable failure = senderFailure.get();
        if (failure != null) {
            throw new ExecutionException("the sender thread of the monitor client had died", failure);
        }
        return delivered;
    }

    /**
     * Stops accepting messages and delivers what is left within {@code timeout}.
     *
     * @param timeout how long to keep delivering
     * @return {@code true} only if every message handed to {@code send} was stored (see {@link #stop()})
     */
    public boolean stop(Duration timeout) {
        State previous = state.getAndSet(State.STOPPED);
        if (previous == State.RUNNING) {
            removeShutdownHook();
        }
        return previous == State.STOPPED ? everythingStored() : finish(previous, timeout, false);
    }

    /**
     * Stops now: an in-flight request is abandoned (it may arrive, and will be sent again after a
     * restart with a spool). What is in the spool stays there for the next start; what is in memory
     * is lost and counted as dropped.
     *
     * @return {@code true} if this call stopped the client; {@code false} if it was already stopped
     */
    public boolean shutdown() {
        State previous = state.getAndSet(State.STOPPED);
        if (previous == State.STOPPED) {
            return false;
        }
        if (previous == State.RUNNING) {
            removeShutdownHook();
        }
        finish(previous, Duration.ZERO, true);
        return true;
    }

    /** Same as {@link #stop(Duration)} with {@code drainTimeout}. */
    @Override
    public void close() {
        stop(config.drainTimeout());
    }

    @Override
    long queued() {
        return backlog.waiting();
    }

    @Override
    long spooled() {
        return backlog.spooled();
    }

    private void stopAtExit() {
        if (state.compareAndSet(State.RUNNING, State.STOPPED)) {
            finish(State.RUNNING, config.drainTimeout(), false);
        }
    }

    private boolean finish(State previous, Duration timeout, boolean now) {
        if (previous == State.RUNNING) {
            awaitSender(timeout, now);
        }
        long left = backlog.waiting();
        try {
            backlog.close();
        } catch (IOException e) {
            LOG.error("Cannot close the spool cleanly", e);
        }
        if (left > 0 && backlog.isDurable()) {
            LOG.info("{} undelivered messages stay in the spool {} for the next start", left,
                    config.spoolDirectory());
        } else if (left > 0) {
            stats.dropped(left, "undelivered at stop (no spool directory)");
            LOG.warn("{} undelivered messages are lost: no spool directory is configured", left);
        }
        LOG.info("Monitor client stopped: {}", stats());
        return everythingStored();
    }

    /** @return whether nothing is left to deliver and every message handed to {@code send} was stored */
    private boolean everythingStored() {
        if (backlog.waiting() > 0) {
            return false;
        }
        long lost = stats.notStored();
        if (lost > 0) {
            LOG.warn("Not every message handed to send() was stored: {}", stats().notStored());
        }
        return lost == 0;
    }

    private void awaitSender(Duration timeout, boolean now) {
        try {
            if (!now) {
                backlog.drain();
                senderThread.join(Math.max(1, timeout.toMillis()));
            }
            senderThread.interrupt();
            transport.abort();
            senderThread.join(INTERRUPTED_SENDER_GRACE_MILLIS);
        } catch (InterruptedException e) {
            senderThread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            LOG.trace("the JVM is already shutting down", e);
        }
    }
}
