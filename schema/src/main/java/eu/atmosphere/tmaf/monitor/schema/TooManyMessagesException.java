package eu.atmosphere.tmaf.monitor.schema;

/**
 * A batch has more messages than the caller accepts in one document. {@link MessageValidator#check(byte[], int, int)}
 * stops reading at the first message beyond the limit, so nothing after it is parsed or validated (not even
 * whether the rest is well-formed JSON).
 *
 * <pre>{@code
 * } catch (TooManyMessagesException e) {
 *     // 413: "the batch has more than " + e.maxItems() + " messages"
 * }
 * }</pre>
 */
public class TooManyMessagesException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int maxItems;

    /** @param maxItems the most messages accepted in one batch */
    public TooManyMessagesException(int maxItems) {
        super("the batch has more than " + maxItems + " messages (reading stopped at message " + (maxItems + 1L) + ")");
        this.maxItems = maxItems;
    }

    /** @return the most messages accepted in one batch */
    public int maxItems() {
        return maxItems;
    }

    /** @return how many messages were seen when reading stopped: {@code maxItems() + 1} */
    public long itemsSeen() {
        return maxItems + 1L;
    }
}
