package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * The strict reading of a request's head (RFC 9112 and RFC 9110) that the server applies before
 * anything else sees the request: one way to frame a body, well-formed header fields, a
 * request-target and Host that parse, readable Content-Type and Accept headers, and on the
 * validator the media type of the contract. Lenient parsers disagree about ambiguous requests
 * (request smuggling); refusing them removes the ambiguity. What it reads becomes the request's
 * {@link RequestHead}, so no later step parses a header again.
 *
 * <pre>{@code
 * RequestHead head = RequestRules.read(request);   // throws ProblemException: 400, or 415
 * }</pre>
 */
public final class RequestRules {

    private static final Set<String> BODYLESS_METHODS = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");
    private static final String TCHARS = "!#$%&'*+-.^_`|~";
    private static final String TARGET_CHARS = "-._~!$&'()*+,;=:@/?";
    /**
     * Content-Type values already read: probes send one or two spellings, so each is parsed once
     * ({@link MediaType} is immutable). Bounded: values beyond the first few are parsed every time.
     */
    private static final Map<String, MediaType> CONTENT_TYPES = new ConcurrentHashMap<>();
    private static final int CONTENT_TYPES_KEPT = 16;

    private RequestRules() {
    }

    /**
     * @param request a request whose head was parsed by {@link StrictHttpCodec}
     * @return its head, read once
     * @throws ProblemException why the request is refused (400, or 415 for an unreadable or, on the validator,
     *                          wrong media type)
     */
    public static RequestHead read(HttpRequestPacket request) {
        MimeHeaders headers = request.getHeaders();
        String[] wanted = new String[Wanted.VALUES.length];
        int[] counts = new int[Wanted.VALUES.length];
        List<String> contentLengths = new ArrayList<>(1);
        for (int i = 0; i < headers.size(); i++) {
            DataChunk name = headers.getName(i);
            DataChunk value = headers.getValue(i);
            if (name.getLength() == 0 || !HeaderText.all(name, RequestRules::isTchar)) {
                throw bad("malformed-header", "a header line is not \"name: value\" with a token as name (a line "
                        + "without a colon, or a folded continuation line?)");
            }
            if (!HeaderText.all(value, RequestRules::isFieldValueChar)) {
                throw bad("malformed-header", "the value of header " + name + " contains control characters or a "
                        + "folded line (obs-fold is not accepted)");
            }
            Wanted header = Wanted.of(name);
            if (header != null) {
                String text = value.toString();
                counts[header.ordinal()]++;
                wanted[header.ordinal()] = wanted[header.ordinal()] == null ? text : wanted[header.ordinal()] + "," + text;
                if (header == Wanted.CONTENT_LENGTH) {
                    contentLengths.add(text.trim());
                }
            }
        }
        int transferEncodings = counts[Wanted.TRANSFER_ENCODING.ordinal()];
        framing(StrictHttpCodec.rawHead(request), transferEncodings, wanted[Wanted.TRANSFER_ENCODING.ordinal()],
                contentLengths);
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURIRef().getOriginalRequestURIBC().toString();
        target(method, path, request.getQueryString());
        host(request, counts[Wanted.HOST.ordinal()], wanted[Wanted.HOST.ordinal()]);
        boolean chunked = transferEncodings > 0;
        long contentLength = contentLengths.isEmpty() ? -1 : Long.parseLong(contentLengths.get(0));
        if ((chunked || contentLength > 0) && BODYLESS_METHODS.contains(method)) {
            throw bad("unexpected-body", method + " requests carry no body here; send it without one");
        }
        if (counts[Wanted.CONTENT_TYPE.ordinal()] > 1) {
            throw bad("malformed-content-type", "Content-Type was sent more than once; send it once");
        }
        Route route = Route.of(path);
        RequestHead head = new RequestHead(RequestIds.keepOrCreate(wanted[Wanted.REQUEST_ID.ordinal()]), method, route,
                contentType(wanted[Wanted.CONTENT_TYPE.ordinal()]), wanted[Wanted.CONTENT_ENCODING.ordinal()],
                contentLength, chunked, AcceptHeader.read(wanted[Wanted.ACCEPT.ordinal()]),
                wanted[Wanted.AUTHORIZATION.ordinal()], wanted[Wanted.USER_AGENT.ordinal()]);
        // POST /monitor is checked by the ingest, after authentication (an anonymous client learns nothing)
        Problem wrongType = method.equals("POST") && route == Route.VALIDATE ? head.jsonBodyProblem() : null;
        if (wrongType != null) {
            throw new ProblemException(wrongType);
        }
        return head;
    }

    private static MediaType contentType(String value) {
        if (value == null) {
            return null;
        }
        MediaType known = CONTENT_TYPES.get(value);
        if (known != null) {
            return known;
        }
        try {
            MediaType parsed = MediaType.valueOf(value.trim());
            if (CONTENT_TYPES.size() < CONTENT_TYPES_KEPT) {
                CONTENT_TYPES.putIfAbsent(value, parsed);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new ProblemException(RequestHead.unsupportedMediaType("the Content-Type header cannot be read"));
        }
    }

    /** One way to frame a body: Content-Length (repeated only with one value) or chunked, never both. */
    private static void framing(StrictHttpCodec.RawHead raw, int transferEncodings, String transferEncoding,
                                List<String> contentLengths) {
        if (raw.folded) {
            throw bad("malformed-header", "a header line is folded onto the next line (obs-fold, RFC 9112 section "
                    + "5.2); send each header on one line");
        }
        // Grizzly drops a Content-Length that precedes Transfer-Encoding, and counts none that follows it: both views
        if ((raw.contentLengths > 0 || !contentLengths.isEmpty()) && (raw.transferEncodings > 0 || transferEncodings > 0)) {
            throw bad("ambiguous-framing", "both Content-Length and Transfer-Encoding were sent; send exactly one");
        }
        if (raw.transferEncodings > 1 || transferEncodings > 1) {
            throw bad("ambiguous-framing", "Transfer-Encoding was sent more than once; send it once, as \"chunked\"");
        }
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            throw bad("unsupported-transfer-encoding", "the only accepted Transfer-Encoding is \"chunked\" "
                    + "(compress the body with Content-Encoding: gzip instead)");
        }
        for (String length : contentLengths) {
            if (!length.equals(contentLengths.get(0)) || !isDigits(length) || length.length() > 18) {
                throw bad("ambiguous-framing", "Content-Length must be one decimal number (repeated only with the "
                        + "same value)");
            }
        }
    }

    private static void target(String method, String path, String query) {
        if (!path.startsWith("/") && !(path.equals("*") && method.equals("OPTIONS"))) {
            throw bad("malformed-request-target", "the request-target must be an absolute path such as /monitor");
        }
        if (!isTargetText(path) || query != null && !isTargetText(query)) {
            throw bad("malformed-request-target", "the request-target contains characters that must be "
                    + "percent-encoded (RFC 3986), or a % not followed by two hex digits");
        }
    }

    private static void host(HttpRequestPacket request, int hosts, String host) {
        if (hosts > 1) {
            throw bad("malformed-host", "Host was sent more than once; send it once");
        }
        if (hosts == 0) {
            if (request.getProtocol() == Protocol.HTTP_1_1) {
                throw bad("malformed-host", "an HTTP/1.1 request needs a Host header");
            }
            return;
        }
        if (!isHost(host.trim())) {
            throw bad("malformed-host", "the Host header must be host[:port] (RFC 9110 section 7.2)");
        }
    }

    private static ProblemException bad(String slug, String detail) {
        return new ProblemException(Problem.of(400, slug, "Bad request", detail));
    }

    private static boolean isTchar(int c) {
        return c < 128 && (isAlphaNumeric((char) c) || TCHARS.indexOf(c) >= 0);
    }

    private static boolean isFieldValueChar(int c) {
        return (c >= 0x20 || c == '\t') && c != 0x7f;
    }

    /** The headers the server reads, each found by name without copying the others. */
    private enum Wanted {
        CONTENT_LENGTH("content-length"), HOST("host"), TRANSFER_ENCODING("transfer-encoding"),
        CONTENT_TYPE("content-type"), CONTENT_ENCODING("content-encoding"), ACCEPT("accept"),
        AUTHORIZATION("authorization"), USER_AGENT("user-agent"), REQUEST_ID(RequestIds.HEADER);

        static final Wanted[] VALUES = values();

        private final String name;

        Wanted(String name) {
            this.name = name;
        }

        static Wanted of(DataChunk header) {
            for (Wanted wanted : VALUES) {
                if (header.getLength() == wanted.name.length() && header.equalsIgnoreCase(wanted.name)) {
                    return wanted;
                }
            }
            return null;
        }
    }

    /** RFC 3986 path and query characters: unreserved, sub-delims, ":", "@", "/", "?" and valid %XX. */
    private static boolean isTargetText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!isAlphaNumeric(c) && TARGET_CHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 host (reg-name, IPv4 or [IP-literal]) with an optional port. */
    private static boolean isHost(String host) {
        String name = host;
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && colon > host.lastIndexOf(']')) {
            String port = host.substring(colon + 1);
            if (!port.isEmpty() && (!isDigits(port) || port.length() > 5)) {
                return false;
            }
            name = host.substring(0, colon);
        }
        if (name.startsWith("[")) {
            return name.endsWith("]") && name.length() > 2
                    && name.substring(1, name.length() - 1).chars().allMatch(c -> isHex((char) c) || c == ':' || c == '.');
        }
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlphaNumeric(c) && "-._~!$&'()*+,;=".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isAlphaNumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
