package eu.atmosphere.tmaf.monitor.client;

/**
 * Why {@code send} refused a message for what it contains, without sending it: the field (a JSON pointer
 * into the message), the value, what is wrong with it and how to fix it.
 *
 * <pre>{@code
 * ContentRefusal refusal = SendChecks.check(message, false);
 * if (refusal != null) {
 *     log.warn("{}", refusal.text());   // "/data/0/observations/0/value is Infinity: JSON has no ..."
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

        private final String label;
        private final String keyword;

        Cause(String label, String keyword) {
            this.label = label;
            this.keyword = keyword;
        }

        /** @return a short name, e.g. {@code "non-finite value"}: the key of {@link ClientStats#notStored()} */
        String label() {
            return label;
        }

        /** @return the JSON Schema keyword the monitor would name */
        String keyword() {
            return keyword;
        }
    }

    private final Cause cause;
    private final String pointer;
    private final String text;

    ContentRefusal(Cause cause, String pointer, String text) {
        this.cause = cause;
        this.pointer = pointer;
        this.text = text;
    }

    Cause cause() {
        return cause;
    }

    /** @return the field, e.g. {@code /data/0/observations/0/value} */
    String pointer() {
        return pointer;
    }

    /** @return the field, its value, what is wrong and the fix, one sentence or two */
    String text() {
        return text;
    }
}
