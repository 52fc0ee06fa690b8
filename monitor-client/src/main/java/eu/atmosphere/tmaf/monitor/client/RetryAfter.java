package eu.atmosphere.tmaf.monitor.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
final class RetryAfter {

    /** Longest wait a server can ask for; a larger value is cut to this. */
    static final Duration MAX = Duration.ofMinutes(10);

    private RetryAfter() {
    }

    /**
     * @param value the header value, may be {@code null}
     * @param now   the current time, for HTTP-dates
     * @return the wait, between zero and {@link #MAX}; empty if the value is absent or unreadable
     */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.trim().isEmpty()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return Optional.of(v.length() > 6 ? MAX : clamp(Duration.ofSeconds(Long.parseLong(v))));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(clamp(Duration.between(now, at)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
