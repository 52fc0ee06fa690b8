package eu.atmosphere.tmaf.monitor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the monitor said about which messages of one request it stored, read from its answer:
 * <ul>
 * <li>200: every message, with {@code "receipts":[{"partition":p,"offset":o}, ...]} (index-aligned) when the
 *     monitor names them;</li>
 * <li>503 with {@code "stored":"none"}: nothing (refused before publishing; everything is sent again);</li>
 * <li>503 with {@code "stored":"unknown"}: the messages whose receipt is an object were stored, those whose
 *     receipt is {@code null} may or may not have been: they are sent again, which may duplicate them;</li>
 * <li>a 4xx (e.g. 401 within the authentication retry window, 408, 429) stores nothing; a 5xx without
 *     {@code "stored"} (a proxy's 502/503/504, a monitor before receipts) and a lost answer leave every
 *     message's outcome unknown.</li>
 * </ul>
 *
 * <pre>{@code
 * StoreReport report = StoreReport.of(response, batch);
 * settlements.stored(report.stored(), report.receipts());
 * List<QueuedMessage> again = report.unsettled();   // report.outcomeUnknown(): they may be stored already
 * }</pre>
 */
final class StoreReport {

    private final List<QueuedMessage> stored;
    private final List<Receipt> receipts;
    private final List<QueuedMessage> unsettled;
    private final boolean outcomeUnknown;

    private StoreReport(List<QueuedMessage> stored, List<Receipt> receipts, List<QueuedMessage> unsettled,
                        boolean outcomeUnknown) {
        this.stored = stored;
        this.receipts = receipts;
        this.unsettled = unsettled;
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * @param response a success, a retryable answer or a 401 within the authentication retry window
     * @param messages the request's messages, in order
     * @return what the answer says about them
     */
    static StoreReport of(Response response, List<QueuedMessage> messages) {
        JsonNode body = ProblemParser.readJson(response);
        JsonNode receipts = body == null ? null : body.get("receipts");
        boolean aligned = receipts != null && receipts.isArray() && receipts.size() == messages.size();
        if (response.isSuccess()) {
            List<Receipt> all = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Receipt receipt = aligned ? receipt(messages.get(i), receipts.get(i)) : null;
                all.add(receipt != null ? receipt
                        : new Receipt(messages.get(i).messageId(), Receipt.UNKNOWN, Receipt.UNKNOWN));
            }
            return new StoreReport(messages, all, Collections.emptyList(), false);
        }
        String said = body == null ? "" : body.path("stored").asText("");
        if (said.equals("none") || response.status() < 500) {
            return nothingStored(messages, false);
        }
        if (!said.equals("unknown") || !aligned) {
            return nothingStored(messages, true);
        }
        List<QueuedMessage> stored = new ArrayList<>();
        List<Receipt> located = new ArrayList<>();
        List<QueuedMessage> unsettled = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Receipt receipt = receipt(messages.get(i), receipts.get(i));
            if (receipt == null) {
                unsettled.add(messages.get(i));
            } else {
                stored.add(messages.get(i));
                located.add(receipt);
            }
        }
        return new StoreReport(stored, located, unsettled, true);
    }

    /**
     * @param messages the request's messages
     * @return the report of a request that failed before it was sent
     */
    static StoreReport notSent(List<QueuedMessage> messages) {
        return nothingStored(messages, false);
    }

    /**
     * @param messages the request's messages
     * @return the report of a request whose answer was lost (an IO error after it was sent)
     */
    static StoreReport answerLost(List<QueuedMessage> messages) {
        return nothingStored(messages, true);
    }

    private static StoreReport nothingStored(List<QueuedMessage> messages, boolean outcomeUnknown) {
        return new StoreReport(Collections.emptyList(), Collections.emptyList(), messages, outcomeUnknown);
    }

    private static Receipt receipt(QueuedMessage message, JsonNode receipt) {
        if (receipt == null || !receipt.isObject() || !receipt.path("partition").canConvertToInt()
                || !receipt.path("offset").canConvertToLong()) {
            return null;
        }
        return new Receipt(message.messageId(), receipt.get("partition").intValue(), receipt.get("offset").longValue());
    }

    /** @return the messages known to be stored, in order */
    List<QueuedMessage> stored() {
        return stored;
    }

    /** @return their receipts, index-aligned with {@link #stored()} */
    List<Receipt> receipts() {
        return receipts;
    }

    /** @return the messages to send again, in order */
    List<QueuedMessage> unsettled() {
        return unsettled;
    }

    /** @return whether {@link #unsettled()} may have been stored already */
    boolean outcomeUnknown() {
        return outcomeUnknown && !unsettled.isEmpty();
    }
}
