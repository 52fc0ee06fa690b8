package eu.atmosphere.tmaf.monitor.client;

import java.util.Collections;

/**
 * Sends each message in its own request on the caller's thread and returns the monitor's answer.
 * Retries IO errors and 408/429/502/503/504 up to {@link RetryPolicy#maxAttempts()} attempts; nothing is
 * queued. For probes, prefer {@link BackgroundClient}.
 *
 * <p>{@code send} returns {@code 200} once the monitor stored the message in Kafka (the {@link ReceiptListener}
 * was told where); the HTTP status of a refusal ({@code 400}, {@code 401} once the
 * {@link ClientConfig.Builder#authRetryWindow authentication retry window} has passed, {@code 403},
 * {@code 413}, ...; the {@link RejectionListener} was told); the last status (e.g. {@code 503}, or {@code 401}
 * within the window) if the retries ran out; {@link #NOT_ACCEPTED} ({@code -1}) if {@code send} refused the
 * message for its content (see {@link MonitorClient#send}), the monitor could not be reached (IO error, TLS
 * failure) or the thread was interrupted. Messages not stored for a reason other than a refusal are counted
 * in {@link ClientStats#dropped()}; {@link ClientStats#notStored()} says why.
 *
 * <pre>{@code
 * SynchronousClient client = new SynchronousClient("https://monitor.example:32025");
 * client.authenticate(1098, secret);
 * Message message = client.createMessage();
 * message.setResourceId(101098);
 * message.addData(new Data(Data.Type.EVENT, 33, new Observation(MonitorClient.nowSeconds(), 1.0)));
 * if (client.send(message) != 200) {
 *     // not stored: see client.stats().lastError() and the RejectionListener
 * }
 * }</pre>
 */
public final class SynchronousClient extends MonitorClient {

    private final Delivery delivery;

    /** A client configured by the environment variables (see {@link ClientConfig}). */
    public SynchronousClient() {
        this(ClientConfig.fromEnvironment());
    }

    /**
     * @param endpoint the monitor's base URL or its {@code /monitor} resource; other settings from the
     *                 environment
     */
    public SynchronousClient(String endpoint) {
        this(ClientConfig.builder().endpoint(endpoint).build());
    }

    /** @param config the configuration */
    public SynchronousClient(ClientConfig config) {
        super(config, MessageIdSequence.JVM);
        this.delivery = newDelivery(config.retryPolicy().maxAttempts(), false);
    }

    /** Posts the message; see the class description for the result. */
    @Override
    int dispatch(QueuedMessage message) {
        try {
            Delivery.Outcome outcome = delivery.deliver(Collections.singletonList(message));
            if (!outcome.settled) {
                stats.dropped(1, outcome.status == Delivery.NO_RESPONSE ? "the monitor was not reached"
                        : "not stored within " + config.retryPolicy().maxAttempts() + " attempts (last status "
                        + outcome.status + ")");
            }
            return outcome.status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.dropped(1, "interrupted");
            return NOT_ACCEPTED;
        }
    }

    @Override
    long queued() {
        return 0;
    }

    @Override
    long spooled() {
        return 0;
    }
}
