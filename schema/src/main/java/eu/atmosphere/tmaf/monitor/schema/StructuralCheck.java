package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of the fast structural check that {@link StructuralCheckCompiler} derives from a schema,
 * evaluated on tokens as a {@link TokenReader} reads them: no tree, no object per token. It answers only
 * "certainly valid" ({@code true}) or "don't know" ({@code false}); a {@code false} is never a verdict:
 * everit decides. Every implementation says {@code true} only where everit, validating the
 * {@code OrgJsonTree} copy of the {@link JsonDocumentParser} tree of the same bytes, certainly agrees.
 *
 * <p>Each check reads exactly one value, whatever it answers: called with the value's first token as
 * the current token, it returns with the value's last token current (the same token for a scalar). It
 * finishes every string and checks every float literal on the way ({@link #skip}), so malformed content
 * is found inside values it does not judge too, as the tree parser finds it; the {@link TokenReader}
 * finds duplicate keys.
 *
 * <pre>{@code
 * StructuralCheck.ObjectShape message = StructuralCheckCompiler.compile(profile.schemaBytes()).orElseThrow();
 * TokenReader in = new TokenReader(parser);               // parser at the START_OBJECT of a message
 * boolean skipEverit = message.certainlyValid(in);        // now at its END_OBJECT
 * }</pre>
 */
interface StructuralCheck {

    /**
     * @param in at the value's first token; left at its last token
     * @return {@code true} if the schema certainly accepts the value; {@code false} if it may not
     * @throws IOException malformed JSON (a {@code JsonProcessingException}), as the tree parser would refuse it
     * @throws TokenReader.DuplicateFieldName if an object in the value has a field name twice
     */
    boolean certainlyValid(TokenReader in) throws IOException;

    /**
     * Reads the rest of the current value without judging it: the rest of a container, every string finished
     * (Jackson checks a string's UTF-8 only when it decodes it) and every float literal checked
     * ({@link StrictJson#requireDecimal}), so what the tree parser refuses is refused here too.
     *
     * @param in at a value's first token; left at its last token
     */
    static void skip(TokenReader in) throws IOException {
        JsonParser parser = in.parser();
        int depth = 0;
        JsonToken token = in.current();
        while (true) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.VALUE_STRING) {
                parser.getTextCharacters();
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                StrictJson.requireDecimal(parser);
            }
            if (depth == 0) {
                return;
            }
            token = in.next();
        }
    }

    /** A schema without validation keywords ({@code {}}, or annotations only): accepts every value. */
    record AnyValue() implements StructuralCheck {
        @Override
        public boolean certainlyValid(TokenReader in) throws IOException {
            skip(in);
            return true;
        }
    }

    /**
     * Told each field of a message object as it is read, for what the caller wants besides the verdict
     * (the ids of a message).
     */
    @FunctionalInterface
    interface FieldObserver {

        /** Observes nothing. */
        FieldObserver NONE = (name, parser) -> { };

        /**
         * @param name   the field's name, unescaped
         * @param parser at the field value's last token (for a scalar, the value itself)
         */
        void field(String name, JsonParser parser) throws IOException;
    }

    /**
     * {@code "type": "object"} with {@code required} and {@code properties}: a present field whose value is JSON
     * {@code null} counts as present (its own check then refuses the null). Unknown fields are read without
     * being judged.
     */
    final class ObjectShape implements StructuralCheck {

        /** Most required fields an object shape tracks (one bit each). */
        static final int MAX_REQUIRED = Long.SIZE;

        /** Reads any object and certifies none: the message shape when the schema compiles to no fast path. */
        static final ObjectShape UNCHECKED = new ObjectShape(Map.of(), 0, false);

        /** What is known about one declared or required field: its check, and its bit among the required ones. */
        private record Field(StructuralCheck check, long requiredBit) {
        }

        private final Map<String, Field> fields;
        private final long allRequired;
        private final boolean certifies;

        private ObjectShape(Map<String, Field> fields, long allRequired, boolean certifies) {
            this.fields = fields;
            this.allRequired = allRequired;
            this.certifies = certifies;
        }

        /**
         * @param required   the names that must be present, at most {@value #MAX_REQUIRED}
         * @param properties the checks of declared fields; a required field without one may have any value
         * @return the shape
         */
        static ObjectShape of(List<String> required, Map<String, StructuralCheck> properties) {
            if (required.size() > MAX_REQUIRED) {
                throw new IllegalArgumentException("more than " + MAX_REQUIRED + " required fields");
            }
            Map<String, Field> fields = new HashMap<>();
            properties.forEach((name, check) -> fields.put(name, new Field(check, 0)));
            long all = 0;
            for (int i = 0; i < required.size(); i++) {
                long bit = 1L << i;
                Field known = fields.get(required.get(i));
                fields.put(required.get(i), new Field(known == null ? new AnyValue() : known.check(),
                        (known == null ? 0 : known.requiredBit()) | bit));
                all |= bit;
            }
            return new ObjectShape(Map.copyOf(fields), all, true);
        }

        @Override
        public boolean certainlyValid(TokenReader in) throws IOException {
            return read(in, FieldObserver.NONE);
        }

        /**
         * @param in       at the value's first token; left at its last token
         * @param observer told every field of the object, the unknown ones too
         * @return as {@link #certainlyValid}
         */
        boolean read(TokenReader in, FieldObserver observer) throws IOException {
            if (in.current() != JsonToken.START_OBJECT) {
                skip(in);
                return false;
            }
            boolean valid = true;
            long present = 0;
            for (String name = in.nextFieldName(); name != null; name = in.nextFieldName()) {
                in.next();
                Field field = fields.get(name);
                if (field == null) {
                    skip(in);
                } else {
                    valid &= field.check().certainlyValid(in);
                    present |= field.requiredBit();
                }
                observer.field(name, in.parser());
            }
            return certifies && valid && (present & allRequired) == allRequired;
        }
    }

    /** {@code "type": "array"} with {@code minItems} and one {@code items} schema for every item. */
    record ArrayShape(int minItems, StructuralCheck items) implements StructuralCheck {
        @Override
        public boolean certainlyValid(TokenReader in) throws IOException {
            if (in.current() != JsonToken.START_ARRAY) {
                skip(in);
                return false;
            }
            boolean valid = true;
            int size = 0;
            while (in.next() != JsonToken.END_ARRAY) {
                valid &= items.certainlyValid(in);
                size++;
            }
            return valid && size >= minItems;
        }
    }

    /**
     * {@code "type": "string"}, with an {@code enum} of strings if {@code allowed} is not {@code null}. The
     * unescaped text is compared where Jackson decoded it, without a {@code String}.
     */
    final class StringValue implements StructuralCheck {

        /** The allowed values' characters; {@code null}: any string. */
        private final char[][] allowed;

        private StringValue(char[][] allowed) {
            this.allowed = allowed;
        }

        /** @param allowed the {@code enum}'s strings, {@code null} for none */
        static StringValue of(Set<String> allowed) {
            return new StringValue(allowed == null ? null : allowed.stream().map(String::toCharArray).toArray(char[][]::new));
        }

        @Override
        public boolean certainlyValid(TokenReader in) throws IOException {
            if (in.current() != JsonToken.VALUE_STRING) {
                skip(in);
                return false;
            }
            JsonParser parser = in.parser();
            char[] text = parser.getTextCharacters();
            if (allowed == null) {
                return true;
            }
            int offset = parser.getTextOffset();
            int length = parser.getTextLength();
            for (char[] value : allowed) {
                if (Arrays.equals(value, 0, value.length, text, offset, offset + length)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code "type": "integer"} or {@code "number"} with optional {@code minimum} / {@code maximum}
     * ({@code null}: none). "integer" accepts only integer literals (what {@code OrgJsonTree} turns into
     * {@code Integer}/{@code Long}/{@code BigInteger}, everit's integer types); "number" also accepts literals
     * with a fraction or exponent ({@code BigDecimal}). Values are compared exactly, as everit compares them;
     * the bounds are the tighter of the schema's literal and the number everit loaded for it.
     *
     * <p>Without allocating: an integer literal that fits a {@code long} is compared with {@link LongRange}; a
     * float literal whose {@code double} lies more than two ulps inside the {@code double}s of the bounds is
     * inside the bounds (rounding is monotonic; the two ulps leave room for an error of one in either
     * conversion), so only a literal near a bound, or an integer beyond the {@code long} range, is compared as
     * a {@code BigDecimal}.
     */
    record NumberRange(boolean integerOnly, BigDecimal minimum, BigDecimal maximum, LongRange longRange,
                       double lowestSafe, double highestSafe) implements StructuralCheck {

        NumberRange(boolean integerOnly, BigDecimal minimum, BigDecimal maximum) {
            this(integerOnly, minimum, maximum, LongRange.of(minimum, maximum),
                    minimum == null ? Double.NEGATIVE_INFINITY : Math.nextUp(Math.nextUp(minimum.doubleValue())),
                    maximum == null ? Double.POSITIVE_INFINITY : Math.nextDown(Math.nextDown(maximum.doubleValue())));
        }

        @Override
        public boolean certainlyValid(TokenReader in) throws IOException {
            JsonParser parser = in.parser();
            JsonToken token = in.current();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return longRange.contains(parser.getLongValue());
                }
                return inRange(new BigDecimal(parser.getBigIntegerValue()));
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                StrictJson.requireDecimal(parser);
                if (integerOnly) {
                    return false;
                }
                double approximate = parser.getDoubleValue();
                return approximate > lowestSafe && approximate < highestSafe || inRange(StrictJson.decimal(parser));
            }
            skip(in);
            return false;
        }

        private boolean inRange(BigDecimal number) {
            return (minimum == null || number.compareTo(minimum) >= 0) && (maximum == null || number.compareTo(maximum) <= 0);
        }
    }

    /**
     * The integers a {@link NumberRange} accepts that fit a {@code long}, as {@code long} bounds, so an
     * integer literal is checked without a {@code BigDecimal}.
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
        public boolean certainlyValid(TokenReader in) throws IOException {
            return target.certainlyValid(in);
        }
    }
}
