package eu.atmosphere.tmaf.monitor.client;

/**
 * Why {@code send} refused a message for what it contains, without sending it: the field (a JSON pointer
 * into the message), the value, what is wrong with it and how to fix it.
 *
 * <pre>{@code
 * ContentRefusal refusal = SendChecks.check(message, false);
 * if (refusal != null) {
 *     log.warn("{}", refusal.violation.message());   // "/data/0/observations/0/value is Infinity: JSON has no ..."
 * }
 * }</pre>
 */
final class ContentRefusal {

    /** The kinds of refusal, each logged at most once per interval. */
    enum Cause {
        NON_FINITE_VALUE("non-finite value", "type"),
        MILLISECOND_TIME("observation time in epoch milliseconds", "maximum"),
        TIME_OUT_OF_RANGE("observation time out of range", "range"),
        ID_OUT_OF_RANGE("id out of range", "range");

        /** A short name, e.g. {@code "non-finite value"}: the key of {@link ClientStats#notStored()}. */
        final String label;
        /** The JSON Schema keyword the monitor would name. */
        final String keyword;

        Cause(String label, String keyword) {
            this.label = label;
            this.keyword = keyword;
        }
    }

    final Cause cause;
    /**
     * What the monitor would report: the field (a pointer into the message, e.g.
     * {@code /data/0/observations/0/value}), the cause's schema keyword, and as its message the field, its value,
     * what is wrong and the fix, one sentence or two.
     */
    final Problem.Violation violation;

    ContentRefusal(Cause cause, String pointer, String text) {
        this.cause = cause;
        this.violation = new Problem.Violation(Problem.Violation.NO_INDEX, pointer, cause.keyword, text);
    }
}
