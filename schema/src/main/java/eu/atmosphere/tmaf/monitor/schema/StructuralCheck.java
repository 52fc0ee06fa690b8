package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of the fast structural pre-check that {@link StructuralCheckCompiler} derives from a
 * schema. It answers only "certainly valid" ({@code true}) or "don't know" ({@code false}); a
 * {@code false} is never a verdict: everit decides. Every implementation says {@code true} only
 * where everit, validating the {@code OrgJsonTree} copy of the same value, certainly agrees.
 *
 * <pre>{@code
 * StructuralCheck check = StructuralCheckCompiler.compile(profile.schemaBytes()).orElseThrow();
 * boolean skipEverit = check.certainlyValid(JsonDocumentParser.DEFAULT.parse(body));
 * }</pre>
 */
interface StructuralCheck {

    /**
     * @param value a value of a document parsed by {@link JsonDocumentParser} (numbers with a fraction or
     *              exponent as {@code DecimalNode}, integers as {@code IntNode}/{@code LongNode}/{@code BigIntegerNode})
     * @return {@code true} if the schema certainly accepts it; {@code false} if it may not
     */
    boolean certainlyValid(JsonNode value);

    /** A schema without validation keywords ({@code {}}, or annotations only): accepts every value. */
    record AnyValue() implements StructuralCheck {
        @Override
        public boolean certainlyValid(JsonNode value) {
            return true;
        }
    }

    /**
     * {@code "type": "object"} with {@code required} and {@code properties}: a present field whose
     * value is JSON {@code null} counts as present (its own check then refuses the null).
     */
    record ObjectShape(List<String> required, Map<String, StructuralCheck> properties) implements StructuralCheck {
        @Override
        public boolean certainlyValid(JsonNode value) {
            if (!value.isObject()) {
                return false;
            }
            for (String field : required) {
                if (!value.has(field)) {
                    return false;
                }
            }
            for (Map.Entry<String, StructuralCheck> property : properties.entrySet()) {
                JsonNode field = value.get(property.getKey());
                if (field != null && !property.getValue().certainlyValid(field)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code "type": "array"} with {@code minItems} and one {@code items} schema for every item. */
    record ArrayShape(int minItems, StructuralCheck items) implements StructuralCheck {
        @Override
        public boolean certainlyValid(JsonNode value) {
            if (!value.isArray() || value.size() < minItems) {
                return false;
            }
            for (JsonNode item : value) {
                if (!items.certainlyValid(item)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code "type": "string"}, with an {@code enum} of strings if {@code allowed} is not {@code null}. */
    record StringValue(Set<String> allowed) implements StructuralCheck {
        @Override
        public boolean certainlyValid(JsonNode value) {
            return value.isTextual() && (allowed == null || allowed.contains(value.textValue()));
        }
    }

    /**
     * {@code "type": "integer"} or {@code "number"} with optional {@code minimum} / {@code maximum}
     * ({@code null}: none). "integer" accepts only the nodes {@code OrgJsonTree} turns into
     * {@code Integer}/{@code Long}/{@code BigInteger} (everit's integer types); "number" also accepts
     * {@code DecimalNode} ({@code BigDecimal}). Values are compared exactly, as everit compares them.
     * The bounds are the tighter of the schema's literal and the number everit loaded for it.
     */
    record NumberRange(boolean integerOnly, BigDecimal minimum, BigDecimal maximum, LongRange longRange)
            implements StructuralCheck {

        NumberRange(boolean integerOnly, BigDecimal minimum, BigDecimal maximum) {
            this(integerOnly, minimum, maximum, LongRange.of(minimum, maximum));
        }

        @Override
        public boolean certainlyValid(JsonNode value) {
            if (value instanceof IntNode || value instanceof LongNode) {
                return longRange.contains(value.longValue());
            }
            if (value instanceof BigIntegerNode) {
                return inRange(new BigDecimal(value.bigIntegerValue()));
            }
            return !integerOnly && value instanceof DecimalNode && inRange(value.decimalValue());
        }

        private boolean inRange(BigDecimal number) {
            return (minimum == null || number.compareTo(minimum) >= 0) && (maximum == null || number.compareTo(maximum) <= 0);
        }
    }

    /**
     * The integers a {@link NumberRange} accepts that fit a {@code long}, as {@code long} bounds, so an
     * {@code IntNode} or {@code LongNode} is checked without a {@code BigDecimal}.
     */
    record LongRange(long lowest, long highest) {

        private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
        private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

        /** @return the range; an empty one ({@code lowest > highest}) if no {@code long} lies within the bounds */
        static LongRange of(BigDecimal minimum, BigDecimal maximum) {
            BigDecimal low = minimum == null ? LONG_MIN : minimum.setScale(0, RoundingMode.CEILING).max(LONG_MIN);
            BigDecimal high = maximum == null ? LONG_MAX : maximum.setScale(0, RoundingMode.FLOOR).min(LONG_MAX);
            if (low.compareTo(high) > 0) {
                return new LongRange(1, 0);
            }
            return new LongRange(low.longValueExact(), high.longValueExact());
        }

        boolean contains(long value) {
            return value >= lowest && value <= highest;
        }
    }

    /** A {@code $ref} to a definition, resolved once the definition is compiled (definitions may refer to each other). */
    final class Reference implements StructuralCheck {

        private StructuralCheck target;

        void resolve(StructuralCheck definition) {
            this.target = definition;
        }

        @Override
        public boolean certainlyValid(JsonNode value) {
            return target.certainlyValid(value);
        }
    }
}
