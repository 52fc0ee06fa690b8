package eu.atmosphere.tmaf.monitor.client;

/**
 * Told about every message the monitor refused for good. Called on the client's sender thread
 * (the caller's thread for a {@link SynchronousClient}): keep it short. Exceptions it throws are
 * logged and ignored.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .rejectionListener(r -> log.error("message {} refused: {} {}", r.message().getMessageId(),
 *                 r.status(), r.violations()))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface RejectionListener {

    /**
     * @param rejection the refused message and the monitor's reasons
     */
    void onRejected(Rejection rejection);
}
