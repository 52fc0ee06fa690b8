package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells the probe how each message settled: stored ({@link ReceiptListener}, {@link ClientStats#sent()}) or
 * refused for good, by the monitor or by the client itself ({@link RejectionListener},
 * {@link ClientStats#notStored()}). Refusals are logged at WARN once per cause per interval, with the running
 * count; listeners' exceptions are logged and ignored. Thread-safe.
 *
 * <pre>{@code
 * settlements.stored(batch, receipts);
 * settlements.refusedByMonitor(queued, 400, problem, violations);
 * }</pre>
 */
final class Settlements {

    /** The {@link Problem#type()} of a message {@code send} refused for its content. */
    static final String REFUSED_BY_CLIENT = "urn:tma-monitor:problem:refused-by-client";

    private static final ClientLog LOG = ClientLog.of(Settlements.class);
    private static final String TYPE_PREFIX = "urn:tma-monitor:problem:";

    private final StatsRecorder stats;
    private final RejectionListener rejections;
    private final ReceiptListener receipts;
    private final LogThrottle throttle = LogThrottle.standard();

    Settlements(StatsRecorder stats, RejectionListener rejections, ReceiptListener receipts) {
        this.stats = stats;
        this.rejections = rejections;
        this.receipts = receipts;
    }

    /**
     * @param messages stored messages, in order
     * @param located  their receipts, index-aligned (unlocated ones if the monitor did not name partition and offset)
     */
    void stored(List<QueuedMessage> messages, List<Receipt> located) {
        stats.sent(messages.size());
        for (Receipt receipt : located) {
            if (receipt.located()) {
                stats.receipt(receipt);
            }
            try {
                receipts.onStored(receipt);
            } catch (RuntimeException e) {
                LOG.error("The receipt listener failed for message {}", receipt.messageId(), e);
            }
        }
    }

    /**
     * @param queued     the refused message
     * @param status     the monitor's status
     * @param problem    the monitor's explanation of the whole request
     * @param violations this message's violations
     */
    void refusedByMonitor(QueuedMessage queued, int status, Problem problem, List<Problem.Violation> violations) {
        String refusal = Diagnosis.refusal(status, problem);
        String cause = status + " " + (problem.type().startsWith(TYPE_PREFIX)
                ? problem.type().substring(TYPE_PREFIX.length()) : problem.type());
        long count = stats.rejected(cause);
        stats.error(refusal);
        if (throttle.due(cause)) {
            LOG.warn("The monitor refused message {} for good: {}{}; {} refused for this cause so far (logged at most"
                            + " every {} s per cause)", queued.messageId(), refusal,
                    violations.isEmpty() ? "" : violations.stream().map(v -> v.messagePointer() + " " + v.keyword())
                            .collect(Collectors.joining(", ", "; violations: ", "")), count, throttle.intervalSeconds());
        }
        tell(new Rejection(MessageCodec.INSTANCE.fromJson(queued.json()), status, problem, violations));
    }

    /**
     * @param message the message {@code send} refused
     * @param refusal why
     */
    void refusedByClient(Message message, ContentRefusal refusal) {
        String cause = refusal.cause.label;
        String text = refusal.violation.message();
        long count = stats.refusedByClient(cause);
        stats.error("refused by the client, not sent: " + text);
        if (throttle.due(cause)) {
            LOG.warn("Message of probe {} refused by the client, not sent: {} ({} refused for this cause so far;"
                    + " logged at most every {} s per cause)", message.getProbeId(), text, count,
                    throttle.intervalSeconds());
        }
        Problem problem = new Problem(REFUSED_BY_CLIENT, "Refused by the client", 400, text, null,
                Collections.singletonList(refusal.violation));
        tell(new Rejection(message, 400, problem, problem.violations()));
    }

    private void tell(Rejection rejection) {
        try {
            rejections.onRejected(rejection);
        } catch (RuntimeException e) {
            LOG.error("The rejection listener failed for message {}", rejection.message().getMessageId(), e);
        }
    }
}
