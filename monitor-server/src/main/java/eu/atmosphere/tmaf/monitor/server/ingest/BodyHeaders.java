package eu.atmosphere.tmaf.monitor.server.ingest;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The headers that say how to read a request body, as plain strings whichever transport received
 * them (several values of one header joined with commas, as JAX-RS' {@code getHeaderString} does).
 *
 * <pre>{@code
 * BodyHeaders headers = new BodyHeaders("application/json", null, "1027");
 * }</pre>
 *
 * @param contentType     Content-Type, may be null
 * @param contentEncoding Content-Encoding, may be null
 * @param contentLength   Content-Length, may be null
 */
record BodyHeaders(String contentType, String contentEncoding, String contentLength) {

    /**
     * @param headers a JAX-RS request's headers
     * @return its body headers
     */
    static BodyHeaders of(HttpHeaders headers) {
        return new BodyHeaders(headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
                headers.getHeaderString(HttpHeaders.CONTENT_ENCODING), headers.getHeaderString(HttpHeaders.CONTENT_LENGTH));
    }

    /**
     * @return the Content-Length, or -1 if absent or not one number: Grizzly accepts repeated equal
     *         Content-Length headers (RFC 9110 allows them), joined they are no number; the read limit
     *         applies to the bytes actually received either way
     */
    long declaredLength() {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException repeated) {
            return -1;
        }
    }
}
