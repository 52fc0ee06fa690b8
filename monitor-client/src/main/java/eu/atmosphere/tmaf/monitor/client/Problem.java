package eu.atmosphere.tmaf.monitor.client;

import java.util.List;

/**
 * The monitor's explanation of an error response (RFC 9457 {@code application/problem+json}).
 * A response without such a body (e.g. from a proxy) is described by its status alone, with type
 * {@code about:blank}.
 *
 * @param type       URI of the problem type, e.g. {@code urn:tma-monitor:problem:invalid-message}
 * @param title      short summary of the problem type
 * @param status     the HTTP status
 * @param detail     what was wrong with this request; may be {@code null}
 * @param requestId  the monitor's request id, for its logs; may be {@code null}
 * @param violations every schema violation of an invalid request; empty otherwise
 */
public record Problem(String type, String title, int status, String detail, String requestId,
                      List<Violation> violations) {

    /**
     * Copies the violations.
     *
     * @param type see the record component
     * @param title see the record component
     * @param status see the record component
     * @param detail see the record component
     * @param requestId see the record component
     * @param violations see the record component
     */
    public Problem {
        violations = List.copyOf(violations);
    }

    /**
     * One way in which a message broke the schema.
     *
     * @param index   position of the message in the request's JSON array, or {@link #NO_INDEX}
     * @param pointer JSON pointer into the request body, e.g. {@code /3/data/0/type}
     * @param keyword the schema keyword that failed, e.g. {@code enum}
     * @param message human-readable reason
     */
    public record Violation(int index, String pointer, String keyword, String message) {

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
    }
}
