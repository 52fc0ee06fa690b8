package eu.atmosphere.tmaf.monitor.server.http;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every request's id, logged with anything about it and returned in the {@value #HEADER} response
 * header and in problem bodies. A well-formed id sent by the client (letters, digits, dashes, at
 * most 64) is kept, so calls can be traced end to end; anything else is replaced by 16 random hex
 * digits, so ids are always safe to log. {@link RequestRules} decides it once per request
 * ({@link RequestHead#requestId()}); the pipeline writes it into the request's own header, where
 * Jersey's resources and mappers read it.
 *
 * <pre>{@code
 * String id = RequestIds.keepOrCreate(request.getHeader(RequestIds.HEADER));   // "3f09a2c4e1b07d55"
 * }</pre>
 */
public final class RequestIds {

    /** The header carrying the id. */
    public static final String HEADER = "X-Request-Id";

    private static final int MAX_LENGTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /**
     * @param headers a Jersey request's headers
     * @return the request's id
     */
    public static String of(HttpHeaders headers) {
        return headers.getHeaderString(HEADER);
    }

    /**
     * @param given the id a client sent, may be null
     * @return the given id if well-formed, else a new random one of 16 hex digits
     */
    public static String keepOrCreate(String given) {
        return given != null && wellFormed(given) ? given : random();
    }

    private static boolean wellFormed(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String random() {
        long bits = ThreadLocalRandom.current().nextLong();
        char[] digits = new char[16];
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(digits);
    }
}
