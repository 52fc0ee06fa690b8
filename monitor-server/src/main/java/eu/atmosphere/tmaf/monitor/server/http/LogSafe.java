package eu.atmosphere.tmaf.monitor.server.http;

/**
 * Makes text taken from a request safe to put into a log line: control characters (CR, LF,
 * ESC, ...) become visible escapes, so a client cannot forge log lines or terminal sequences,
 * and the text is cut to a bounded length.
 *
 * <pre>{@code
 * LOG.info("refused target {}", LogSafe.escape(target));   // "a\r\nb" is logged as a\x0d\x0ab
 * }</pre>
 */
public final class LogSafe {

    /** Longest text kept; the rest is replaced by an ellipsis. */
    public static final int MAX_CHARS = 200;

    private LogSafe() {
    }

    /**
     * @param text anything a client sent, may be null
     * @return the text with every ISO control character written as {@code \xNN} (or {@code \}u{@code NNNN}),
     *         at most {@value #MAX_CHARS} characters of it
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
        for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
