package eu.atmosphere.tmaf.monitor.client;

/**
 * A message as {@code send} accepted it: its id and its wire JSON, encoded on the caller's thread
 * so later changes to the {@code Message} object do not affect what is sent.
 */
final class QueuedMessage {

    private final long messageId;
    private final byte[] json;

    QueuedMessage(long messageId, byte[] json) {
        this.messageId = messageId;
        this.json = json;
    }

    /** @return the stamped message id */
    long messageId() {
        return messageId;
    }

    /** @return the message as a UTF-8 JSON object */
    byte[] json() {
        return json;
    }
}
