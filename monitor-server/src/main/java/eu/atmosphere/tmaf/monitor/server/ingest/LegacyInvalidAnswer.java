package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.schema.Violation;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Migration aid for probes still on the original Java library, whose sender thread ends on the
 * first non-2xx answer (it posts with a JAX-RS client that throws on any error status, and
 * catches nothing but {@code InterruptedException}). The original monitor answered an invalid
 * message {@code 200} with the text {@code "Number of errors: N\n[...]\n"}; in the scope chosen
 * here the monitor answers the same way instead of {@code 400}, so such a probe keeps sending.
 * The message is still refused: nothing of it is stored, it is counted as rejected and logged.
 *
 * <p>Only schema violations get this answer (the original also answered malformed JSON with an
 * error status). The scope is the client, not the probe id: a probe that moves to this project's
 * client gets the real {@code 400} at once, and a newer client can never mistake a refusal for
 * success.
 *
 * <pre>{@code
 * ServerConfig.builder().legacyInvalidAnswer(LegacyInvalidAnswer.ORIGINAL_CLIENT)   // or --legacy-invalid-answer=original-client
 * }</pre>
 */
public enum LegacyInvalidAnswer {

    /** The default: every invalid message is answered {@code 400} with its violations. */
    OFF("off"),

    /**
     * Requests of the original Java library: its JAX-RS client (Jersey 2) sends
     * {@code User-Agent: Jersey/2.x (HttpUrlConnection <java version>)}. A request that asks for
     * {@code application/problem+json} understands error statuses and is never in scope.
     */
    ORIGINAL_CLIENT("original-client");

    /** The user agent prefix of the original library's HTTP client. */
    static final String ORIGINAL_USER_AGENT_PREFIX = "Jersey/2.";

    private final String id;

    LegacyInvalidAnswer(String id) {
        this.id = id;
    }

    /** @return the option value, e.g. {@code original-client} */
    public String id() {
        return id;
    }

    /**
     * @param id an option value, case-insensitive
     * @return that scope
     * @throws IllegalArgumentException naming the known values
     */
    public static LegacyInvalidAnswer parse(String id) {
        for (LegacyInvalidAnswer scope : values()) {
            if (scope.id.equalsIgnoreCase(id.strip())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown --legacy-invalid-answer \"" + id + "\"; known: "
                + Arrays.stream(values()).map(LegacyInvalidAnswer::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * @param userAgent a request's User-Agent header, may be null
     * @param problemJson whether its Accept header names {@code application/problem+json}
     * @return whether an invalid message of this request is answered the original monitor's way
     */
    boolean appliesTo(String userAgent, boolean problemJson) {
        if (this == OFF) {
            return false;
        }
        return userAgent != null && userAgent.startsWith(ORIGINAL_USER_AGENT_PREFIX)
                && !problemJson;
    }

    /**
     * @param violations what is wrong with the message
     * @return the original monitor's answer text: {@code Number of errors: N}, a newline, the reasons as a
     *         Python list literal (as its {@code str(errors)} printed them), a newline
     */
    static String body(List<Violation> violations) {
        return "Number of errors: " + violations.size() + "\n"
                + violations.stream().map(v -> pythonString(v.pointer() + ": " + v.message()))
                        .collect(Collectors.joining(", ", "[", "]"))
                + "\n";
    }

    /** Python's {@code repr} of a string: single quotes unless it holds one and no double quote. */
    private static String pythonString(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }
}
