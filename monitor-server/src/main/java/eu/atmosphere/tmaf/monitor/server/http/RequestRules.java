package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * The strict reading of a request's head (RFC 9112 and RFC 9110) that the server applies before
 * anything else sees the request: one way to frame a body, well-formed header fields, a
 * request-target and Host that parse, and on the publishing routes the media type of the
 * contract. Lenient parsers disagree about ambiguous requests (request smuggling); refusing them
 * removes the ambiguity.
 *
 * <pre>{@code
 * Problem refusal = RequestRules.check(request);   // null: the request may proceed
 * }</pre>
 */
public final class RequestRules {

    private static final Set<String> BODYLESS_METHODS = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");
    private static final String TCHARS = "!#$%&'*+-.^_`|~";
    private static final String TARGET_CHARS = "-._~!$&'()*+,;=:@/?";

    private RequestRules() {
    }

    /**
     * @param request a request whose head was parsed
     * @return why the request is refused (400, or 415 for the wrong media type), or null if it may proceed
     */
    public static Problem check(HttpRequestPacket request) {
        MimeHeaders headers = request.getHeaders();
        List<String> transferEncodings = new ArrayList<>();
        List<String> contentLengths = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        List<String> contentTypes = new ArrayList<>();
        List<String> accepts = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.getName(i).toString();
            String value = headers.getValue(i).toString();
            if (!isToken(name)) {
                return bad("malformed-header", "a header line is not \"name: value\" with a token as name (a line "
                        + "without a colon, or a folded continuation line?)");
            }
            if (!isFieldValue(value)) {
                return bad("malformed-header", "the value of header " + name + " contains control characters or a "
                        + "folded line (obs-fold is not accepted)");
            }
            switch (name.toLowerCase(Locale.ROOT)) {
                case "transfer-encoding" -> transferEncodings.add(value);
                case "content-length" -> contentLengths.add(value);
                case "host" -> hosts.add(value);
                case "content-type" -> contentTypes.add(value);
                case "accept" -> accepts.add(value);
                default -> {
                }
            }
        }
        StrictHttpCodec.RawHead raw = StrictHttpCodec.rawHead(request);
        if (raw != null && raw.folded) {
            return bad("malformed-header", "a header line is folded onto the next line (obs-fold, RFC 9112 section "
                    + "5.2); send each header on one line");
        }
        if (raw != null && raw.contentLengths > 0 && raw.transferEncodings > 0) {
            return bad("ambiguous-framing", "both Content-Length and Transfer-Encoding were sent; send exactly one");
        }
        if (raw != null && raw.transferEncodings > 1) {
            return bad("ambiguous-framing", "Transfer-Encoding was sent more than once; send it once, as \"chunked\"");
        }
        Problem framing = framing(transferEncodings, contentLengths);
        if (framing != null) {
            return framing;
        }
        Problem target = target(request);
        if (target != null) {
            return target;
        }
        Problem host = host(request, hosts);
        if (host != null) {
            return host;
        }
        String method = request.getMethod().getMethodString();
        boolean hasBody = !transferEncodings.isEmpty() || contentLengths.stream().anyMatch(v -> !v.trim().equals("0"));
        if (hasBody && BODYLESS_METHODS.contains(method)) {
            return bad("unexpected-body", method + " requests carry no body here; send it without one");
        }
        return mediaTypes(request, method, contentTypes, accepts);
    }

    private static Problem framing(List<String> transferEncodings, List<String> contentLengths) {
        if (!transferEncodings.isEmpty() && !contentLengths.isEmpty()) {
            return bad("ambiguous-framing", "both Content-Length and Transfer-Encoding were sent; send exactly one");
        }
        if (transferEncodings.size() > 1) {
            return bad("ambiguous-framing", "Transfer-Encoding was sent more than once; send it once, as \"chunked\"");
        }
        if (transferEncodings.size() == 1 && !transferEncodings.get(0).trim().equalsIgnoreCase("chunked")) {
            return bad("unsupported-transfer-encoding", "the only accepted Transfer-Encoding is \"chunked\" "
                    + "(compress the body with Content-Encoding: gzip instead)");
        }
        for (String length : contentLengths) {
            if (!length.trim().equals(contentLengths.get(0).trim()) || !isDigits(length.trim())
                    || length.trim().length() > 18) {
                return bad("ambiguous-framing", "Content-Length must be one decimal number (repeated only with the "
                        + "same value)");
            }
        }
        return null;
    }

    private static Problem target(HttpRequestPacket request) {
        String path = request.getRequestURIRef().getOriginalRequestURIBC().toString();
        String query = request.getQueryString();
        if (!path.startsWith("/") && !(path.equals("*") && request.getMethod().getMethodString().equals("OPTIONS"))) {
            return bad("malformed-request-target", "the request-target must be an absolute path such as /monitor");
        }
        if (!isTargetText(path) || query != null && !isTargetText(query)) {
            return bad("malformed-request-target", "the request-target contains characters that must be "
                    + "percent-encoded (RFC 3986), or a % not followed by two hex digits");
        }
        return null;
    }

    private static Problem host(HttpRequestPacket request, List<String> hosts) {
        if (hosts.size() > 1) {
            return bad("malformed-host", "Host was sent more than once; send it once");
        }
        if (hosts.isEmpty()) {
            return request.getProtocol() == Protocol.HTTP_1_1
                    ? bad("malformed-host", "an HTTP/1.1 request needs a Host header") : null;
        }
        return isHost(hosts.get(0).trim()) ? null
                : bad("malformed-host", "the Host header must be host[:port] (RFC 9110 section 7.2)");
    }

    private static Problem mediaTypes(HttpRequestPacket request, String method, List<String> contentTypes,
                                      List<String> accepts) {
        if (contentTypes.size() > 1) {
            return bad("malformed-content-type", "Content-Type was sent more than once; send it once");
        }
        String contentType = contentTypes.isEmpty() ? null : contentTypes.get(0);
        if (contentType != null) {
            try {
                MediaType.valueOf(contentType.trim());
            } catch (IllegalArgumentException e) {
                return unsupported("the Content-Type header cannot be read");
            }
        }
        if (!accepts.isEmpty() && !AcceptHeader.readable(String.join(",", accepts))) {
            return bad("malformed-accept", "the Accept header cannot be read; send e.g. Accept: application/json");
        }
        // POST /monitor is checked by its resource, after authentication (an anonymous client learns nothing)
        return method.equals("POST") && request.getRequestURI().equals("/monitor/validate")
                ? jsonBodyProblem(contentType) : null;
    }

    /**
     * The media type of a message body, as the contract says: {@code application/json}, with at most a
     * UTF-8 charset.
     *
     * @param contentType the Content-Type header, may be null
     * @return a 415 problem that says what to send, or null if the media type is right
     */
    public static Problem jsonBodyProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return unsupported("no Content-Type was sent");
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType.trim());
        } catch (IllegalArgumentException e) {
            return unsupported("the Content-Type header cannot be read");
        }
        if (!type.getType().equalsIgnoreCase("application") || !type.getSubtype().equalsIgnoreCase("json")) {
            return unsupported("the Content-Type was " + type.getType() + "/" + type.getSubtype());
        }
        for (Map.Entry<String, String> parameter : type.getParameters().entrySet()) {
            if (!parameter.getKey().equalsIgnoreCase("charset") || !parameter.getValue().equalsIgnoreCase("utf-8")) {
                return unsupported("the Content-Type had the parameter " + parameter.getKey() + "="
                        + parameter.getValue());
            }
        }
        return null;
    }

    private static Problem unsupported(String what) {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type", what
                + "; send Content-Type: application/json (optionally with ; charset=utf-8) and a JSON body");
    }

    private static Problem bad(String slug, String detail) {
        return Problem.of(400, slug, "Bad request", detail);
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlphaNumeric(c) && TCHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
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
