package eu.atmosphere.tmaf.monitor.client;

/**
 * Told about every message the monitor stored, with the Kafka partition and offset of its record when the
 * monitor names them ({@link Receipt#located()}). Called on the client's sender thread (the caller's thread for
 * a {@link SynchronousClient}) once per message, as the monitor's answers report them (in send order within an
 * answer; a message stored after a 503 "outcome unknown" comes after those the 503 named): keep it short.
 * Exceptions it throws are logged and ignored.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .receiptListener(r -> stored.put(r.messageId(), r.partition() + "-" + r.offset()))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface ReceiptListener {

    /**
     * @param receipt the stored message's id and where its record is
     */
    void onStored(Receipt receipt);
}
