package eu.atmosphere.tmaf.monitor.client;

import java.time.Duration;
import java.util.Optional;

/**
 * What the monitor answered to one request.
 */
final class Response {

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Optional<Duration> retryAfter;

    Response(int status, String contentType, byte[] body, Optional<Duration> retryAfter) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** @return whether the same request may succeed later: 408 (the body arrived too slowly), 429, 502, 503, 504 */
    boolean isRetryable() {
        return status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
    }

    Problem problem() {
        return ProblemParser.parse(this);
    }

    /** @return the HTTP status */
    int status() {
        return status;
    }

    /** @return the {@code Content-Type} header, or an empty string */
    String contentType() {
        return contentType;
    }

    /** @return the response body */
    byte[] body() {
        return body;
    }

    /** @return the parsed {@code Retry-After} header, if any */
    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
