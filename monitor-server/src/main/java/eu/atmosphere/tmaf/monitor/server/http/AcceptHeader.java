package eu.atmosphere.tmaf.monitor.server.http;

import java.util.Locale;

/**
 * Reads an Accept header (RFC 9110 section 12.5.1) once, for the two things the server negotiates:
 * whether the client asked for a JSON answer, and whether it asked for problem details. A type is
 * wanted when a media range names it exactly (any case, any parameters, not through a wildcard)
 * with a quality above 0. The reading is as lenient as the clients in the field need: a bare {@code *}
 * for {@code *}{@code /*} and a quality without its leading zero ({@code q=.2}), both sent by the
 * JDK's HttpURLConnection; empty list elements are skipped.
 *
 * <pre>{@code
 * AcceptHeader.read("application/json;q=0.5, text/plain").json()   // true
 * AcceptHeader.read("*" + "/*").json()                             // false
 * AcceptHeader.read("application/json;q=2")                        // ProblemException: 400 malformed-accept
 * }</pre>
 */
public final class AcceptHeader {

    private static final String TCHARS = "!#$%&'*+-.^_`|~";

    private final String text;
    private int at;

    private AcceptHeader(String text) {
        this.text = text;
    }

    /**
     * What a client asked for.
     *
     * @param json        whether a media range names {@code application/json}
     * @param problemJson whether a media range names {@code application/problem+json}
     */
    public record Wanted(boolean json, boolean problemJson) {
        /** Neither: no Accept header. */
        public static final Wanted NOTHING = new Wanted(false, false);
    }

    /**
     * @param accept the Accept header (several joined with commas), may be null
     * @return which of the two types it names with a quality above 0
     * @throws ProblemException 400 {@code malformed-accept} if it is not a list of media ranges
     */
    public static Wanted read(String accept) {
        if (accept == null) {
            return Wanted.NOTHING;
        }
        return new AcceptHeader(accept).ranges();
    }

    private Wanted ranges() {
        boolean json = false;
        boolean problemJson = false;
        while (true) {
            skipSpace();
            if (at == text.length()) {
                return new Wanted(json, problemJson);
            }
            if (text.charAt(at) != ',') {
                String named = mediaRange();
                json |= named.equals("json");
                problemJson |= named.equals("problem+json");
                skipSpace();
                if (at < text.length() && text.charAt(at) != ',') {
                    throw malformed();
                }
            }
            if (at < text.length()) {
                at++;
            }
        }
    }

    /** @return the subtype (lower case) of an application type named with a quality above 0, else "" */
    private String mediaRange() {
        String type = token();
        String subtype;
        if (type.equals("*") && (at == text.length() || text.charAt(at) != '/')) {
            subtype = "*";
        } else {
            expect('/');
            subtype = token();
        }
        int quality = 1000;
        while (true) {
            skipSpace();
            if (at == text.length() || text.charAt(at) != ';') {
                break;
            }
            at++;
            skipSpace();
            if (at == text.length() || text.charAt(at) == ',' || text.charAt(at) == ';') {
                continue;
            }
            String name = token();
            expect('=');
            String value = at < text.length() && text.charAt(at) == '"' ? quoted() : token();
            if (name.equalsIgnoreCase("q")) {
                quality = quality(value);
            }
        }
        return quality > 0 && type.equalsIgnoreCase("application") ? subtype.toLowerCase(Locale.ROOT) : "";
    }

    /** @return the quality in thousandths: 0, 0.x, 0.xxx, 1, 1.000, or .xxx */
    private int quality(String value) {
        int dot = value.indexOf('.');
        String whole = dot < 0 ? value : value.substring(0, dot);
        String fraction = dot < 0 ? "" : value.substring(dot + 1);
        boolean wellFormed = (whole.equals("0") || whole.equals("1") || whole.isEmpty() && !fraction.isEmpty())
                && fraction.length() <= 3 && fraction.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!wellFormed) {
            throw malformed();
        }
        int thousandths = (whole.equals("1") ? 1000 : 0)
                + (fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00").substring(0, 3)));
        if (thousandths > 1000) {
            throw malformed();
        }
        return thousandths;
    }

    private String token() {
        int start = at;
        while (at < text.length() && isTchar(text.charAt(at))) {
            at++;
        }
        if (at == start) {
            throw malformed();
        }
        return text.substring(start, at);
    }

    private String quoted() {
        int start = ++at;
        while (at < text.length() && text.charAt(at) != '"') {
            at += text.charAt(at) == '\\' ? 2 : 1;
        }
        if (at >= text.length()) {
            throw malformed();
        }
        return text.substring(start, at++);
    }

    private void expect(char c) {
        if (at == text.length() || text.charAt(at) != c) {
            throw malformed();
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
    }

    private static boolean isTchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TCHARS.indexOf(c) >= 0;
    }

    private static ProblemException malformed() {
        return new ProblemException(Problem.of(400, "malformed-accept", "Bad request",
                "the Accept header cannot be read; send e.g. Accept: application/json"));
    }
}
