package eu.atmosphere.tmaf.monitor.probe.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way operators write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * a bare number of seconds ({@code 10}), or ISO-8601 ({@code PT10S}).
 *
 * <pre>{@code
 * @Option(names = "--interval", converter = DurationConverter.class, defaultValue = "5s")
 * Duration interval;
 * }</pre>
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    /**
     * @param text the duration as written
     * @return the duration, never negative
     * @throws TypeConversionException if {@code text} is not a duration
     */
    @Override
    public Duration convert(String text) {
        String trimmed = text.trim();
        Matcher m = SIMPLE.matcher(trimmed);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            }
            Duration iso = Duration.parse(trimmed);
            if (iso.isNegative()) {
                throw new TypeConversionException("'" + text + "' is negative");
            }
            return iso;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is not a duration such as 250ms, 10s, 5m or 1h");
        }
    }
}
