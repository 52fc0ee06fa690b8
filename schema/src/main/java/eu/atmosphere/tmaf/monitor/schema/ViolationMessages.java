package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import org.everit.json.schema.ArraySchema;
import org.everit.json.schema.BooleanSchema;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.NullSchema;
import org.everit.json.schema.NumberSchema;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.StringSchema;

/**
 * The human-readable reason of one violation, composed from the violated schema and the
 * offending value (never from everit's English text, which is only the fallback for a keyword
 * this schema does not use). Two annotations of the profile schemas add context to a range
 * violation: {@code x-tma-limit-reason} (why the bound exists) and {@code x-tma-unit}
 * ({@code epoch-seconds}: a value that fits the range once divided by 1,000, 10^6 or 10^9 gets
 * a hint that it looks like milli-, micro- or nanoseconds, when that reading is a date after 2001).
 */
final class ViolationMessages {

    private static final String[] FINER_UNITS = {"milliseconds", "microseconds", "nanoseconds"};
    /** 2001-09-09T01:46:40Z: a finer-unit reading earlier than this is no plausible observation time. */
    private static final BigInteger PLAUSIBLE_SECONDS = BigInteger.TEN.pow(9);

    private ViolationMessages() {
    }

    /**
     * @param keyword  the failed keyword
     * @param violated the (sub)schema that failed
     * @param value    the offending value in the document
     * @param fallback everit's text, for keywords not handled here
     * @return the reason, for people
     */
    static String of(String keyword, Schema violated, JsonNode value, String fallback) {
        if (violated instanceof EnumSchema allowed) {
            return "expected one of " + allowed.getPossibleValuesAsList();
        }
        return switch (keyword) {
            case "type" -> typeMessage(expectedType(violated), actualType(value));
            case "minimum", "maximum" -> violated instanceof NumberSchema range && value.isNumber()
                    ? rangeMessage(keyword, range, value) : fallback;
            case "minItems" -> violated instanceof ArraySchema array && array.getMinItems() != null
                    ? "expected at least " + array.getMinItems() + " item(s), found " + value.size() : fallback;
            default -> fallback;
        };
    }

    private static String typeMessage(String expected, String actual) {
        if ("integer".equals(expected) && "number".equals(actual)) {
            return "expected an integer, found a number with a fraction or exponent (write 1000, not 1000.0 or 1e3)";
        }
        return "expected " + expected + ", found " + actual;
    }

    private static String expectedType(Schema schema) {
        if (schema instanceof NumberSchema number) {
            return number.requiresInteger() ? "integer" : "number";
        }
        if (schema instanceof StringSchema) {
            return "string";
        }
        if (schema instanceof ObjectSchema) {
            return "object";
        }
        if (schema instanceof ArraySchema) {
            return "array";
        }
        if (schema instanceof BooleanSchema) {
            return "boolean";
        }
        return schema instanceof NullSchema ? "null" : schema.getClass().getSimpleName();
    }

    private static String actualType(JsonNode value) {
        if (value.isNumber()) {
            return value.isIntegralNumber() ? "integer" : "number";
        }
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String rangeMessage(String keyword, NumberSchema range, JsonNode value) {
        boolean above = "maximum".equals(keyword);
        Number bound = above ? range.getMaximum() : range.getMinimum();
        StringBuilder message = new StringBuilder()
                .append(value.numberValue()).append(above ? " is greater than the maximum " : " is less than the minimum ")
                .append(bound);
        Object reason = range.getUnprocessedProperties().get("x-tma-limit-reason");
        if (reason != null) {
            message.append(" (").append(reason).append(')');
        }
        if (above && "epoch-seconds".equals(range.getUnprocessedProperties().get("x-tma-unit"))
                && value.isIntegralNumber()) {
            message.append(finerUnitHint(value.bigIntegerValue(), range));
        }
        return message.toString();
    }

    /**
     * "looks like milliseconds" when dividing by 1,000 (or 10^6, 10^9) lands in the range at a plausible
     * time (this century: from 10^9 s, 2001-09-09).
     */
    private static String finerUnitHint(BigInteger value, NumberSchema range) {
        BigInteger divisor = BigInteger.ONE;
        for (String unit : FINER_UNITS) {
            divisor = divisor.multiply(BigInteger.valueOf(1000));
            BigInteger seconds = value.divide(divisor);
            if (seconds.compareTo(PLAUSIBLE_SECONDS) >= 0 && within(seconds, range)) {
                return "; it looks like " + unit + ": observation times are epoch seconds, e.g. " + seconds + " ("
                        + Instant.ofEpochSecond(seconds.longValueExact()) + ")";
            }
        }
        return "";
    }

    private static boolean within(BigInteger seconds, NumberSchema range) {
        BigDecimal candidate = new BigDecimal(seconds);
        return (range.getMinimum() == null || candidate.compareTo(new BigDecimal(range.getMinimum().toString())) >= 0)
                && (range.getMaximum() == null || candidate.compareTo(new BigDecimal(range.getMaximum().toString())) <= 0);
    }
}
