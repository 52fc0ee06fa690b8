package eu.atmosphere.tmaf.monitor.client;


/**
 * Where the monitor stored a message: the Kafka partition and offset of its record in the monitor's topic, as
 * the monitor reported them once Kafka acknowledged the record. Given to the {@link ReceiptListener} and kept
 * as {@link ClientStats#lastReceipt()}.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .receiptListener(r -> log.debug("message {} stored at {}-{}", r.messageId(), r.partition(), r.offset()))
 *         .build();
 * }</pre>
 */
public final class Receipt extends Value {

    /** {@link #partition()} and {@link #offset()} when the monitor did not name them (a monitor before receipts). */
    public static final int UNKNOWN = -1;

    private final long messageId;
    private final int partition;
    private final long offset;

    /**
     * @param messageId the stored message's {@code messageId}
     * @param partition the Kafka partition of its record, or {@link #UNKNOWN}
     * @param offset    the offset of its record in that partition, or {@link #UNKNOWN}
     */
    public Receipt(long messageId, int partition, long offset) {
        this.messageId = messageId;
        this.partition = partition;
        this.offset = offset;
    }

    /** @return the stored message's {@code messageId} */
    public long messageId() {
        return messageId;
    }

    /** @return the Kafka partition of its record, or {@link #UNKNOWN} if the monitor did not say */
    public int partition() {
        return partition;
    }

    /** @return the offset of its record in that partition, or {@link #UNKNOWN} if the monitor did not say */
    public long offset() {
        return offset;
    }

    /** @return whether the monitor named the partition and offset */
    public boolean located() {
        return partition != UNKNOWN;
    }

    @Override
    Object[] components() {
        return new Object[] {"messageId", messageId, "partition", partition, "offset", offset};
    }
}
