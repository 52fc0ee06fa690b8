package eu.atmosphere.tmaf.monitor.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The monitor's explanation of an error response (RFC 9457 {@code application/problem+json}).
 * A response without such a body (e.g. from a proxy) is described by its status alone, with type
 * {@code about:blank}.
 */
public final class Problem extends Value {

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private final String requestId;
    private final List<Violation> violations;

    /**
     * Copies the violations.
     *
     * @param type URI of the problem type, e.g. {@code urn:tma-monitor:problem:invalid-message}
     * @param title short summary of the problem type
     * @param status the HTTP status
     * @param detail what was wrong with this request; may be {@code null}
     * @param requestId the monitor's request id, for its logs; may be {@code null}
     * @param violations every schema violation of an invalid request; empty otherwise
     */
    public Problem(String type, String title, int status, String detail, String requestId, List<Violation> violations) {
        violations = Collections.unmodifiableList(new ArrayList<>(violations));

        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.requestId = requestId;
        this.violations = violations;
    }

    /**
     * One way in which a message broke the schema.
     */
    public static final class Violation extends Value {

        private final int index;
        private final String pointer;
        private final String keyword;
        private final String message;

        /**
         * @param index   position of the message in the request's JSON array, or {@link #NO_INDEX}
         * @param pointer JSON pointer into the request body
         * @param keyword the schema keyword that failed
         * @param message human-readable reason
         */
        public Violation(int index, String pointer, String keyword, String message) {
            this.index = index;
            this.pointer = pointer;
            this.keyword = keyword;
            this.message = message;
        }

        /** {@link #index()} of a violation that is not about one item of a batch. */
        public static final int NO_INDEX = -1;

        /**
         * @return the pointer relative to the message itself, e.g. {@code /data/0/type} for
         *         {@code /3/data/0/type}
         */
        public String messagePointer() {
            String prefix = "/" + index;
            if (index != NO_INDEX && pointer.startsWith(prefix)
                    && (pointer.length() == prefix.length() || pointer.charAt(prefix.length()) == '/')) {
                return pointer.substring(prefix.length());
            }
            return pointer;
        }

        /** @return position of the message in the request's JSON array, or {@link #NO_INDEX} */
        public int index() {
            return index;
        }

        /** @return JSON pointer into the request body, e.g. {@code /3/data/0/type} */
        public String pointer() {
            return pointer;
        }

        /** @return the schema keyword that failed, e.g. {@code enum} */
        public String keyword() {
            return keyword;
        }

        /** @return human-readable reason */
        public String message() {
            return message;
        }

        @Override
        Object[] components() {
            return new Object[] {"index", index, "pointer", pointer, "keyword", keyword, "message", message};
        }
    }

    /** @return URI of the problem type, e.g. {@code urn:tma-monitor:problem:invalid-message} */
    public String type() {
        return type;
    }

    /** @return short summary of the problem type */
    public String title() {
        return title;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return what was wrong with this request; may be {@code null} */
    public String detail() {
        return detail;
    }

    /** @return the monitor's request id, for its logs; may be {@code null} */
    public String requestId() {
        return requestId;
    }

    /** @return every schema violation of an invalid request; empty otherwise */
    public List<Violation> violations() {
        return violations;
    }

    @Override
    Object[] components() {
        return new Object[] {"type", type, "title", title, "status", status, "detail", detail,
            "requestId", requestId, "violations", violations};
    }
}
