package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StructuralCheckCompilerTest {

    @ParameterizedTest
    @EnumSource(AcceptanceProfile.class)
    void everyProfileHasAFastPath(AcceptanceProfile profile) {
        assertTrue(StructuralCheckCompiler.compile(profile.schemaBytes()).isPresent());
    }

    /** Each edit of the v0.4 schema adds a keyword or form the compiler does not support. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/definitions/id: exclusiveMinimum 0",
        "/definitions/id: multipleOf 2",
        "/definitions/id: type [\"integer\",\"null\"]",
        "/definitions/id: minimum \"0\"",
        "/definitions/data/properties/type: pattern \"^m\"",
        "/definitions/data/properties/type: enum [\"measurement\",1]",
        "/definitions/data: additionalProperties false",
        "/definitions/observation: $id \"observation\"",
        "/definitions/observation/properties: extra true",
        "/properties/data: items [{\"$ref\":\"#/definitions/data\"}]",
        "/properties/data: uniqueItems true",
        "/properties/data: minItems 1.0",
        "/properties/probeId: $ref \"other.json#/definitions/id\"",
        "/properties/probeId: $ref \"#/definitions/missing\"",
        "/properties/probeId: minimum 1",
        "/properties/messageId: $ref \"#/properties/probeId\"",
        ": type null",
        ": required \"probeId\"",
        ": allOf [{}]",
        ": default {}",
    })
    void unsupportedKeywordMeansNoFastPath(String edit) {
        assertEquals(Optional.empty(), StructuralCheckCompiler.compile(edited(edit)), edit);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/definitions/id: $comment \"a note\"",
        "/definitions/data: x-anything {\"type\":\"boolean\"}",
        "/properties/data: title \"data\"",
        "/definitions: unused {\"type\":\"string\",\"format\":\"email\"}",
    })
    void annotationsAndUnusedDefinitionsKeepTheFastPath(String edit) {
        assertTrue(StructuralCheckCompiler.compile(edited(edit)).isPresent(), edit);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"array\",\"items\":{\"type\":\"object\"}}",
        "{\"$ref\":\"#/definitions/message\",\"definitions\":{\"message\":{\"type\":\"object\"}}}",
        "{}",
    })
    void aRootThatIsNoObjectShapeMeansNoFastPath(String schema) {
        assertEquals(Optional.empty(), StructuralCheckCompiler.compile(schema.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void moreRequiredFieldsThanTheShapeTracksMeansNoFastPath() {
        String tooMany = IntStream.rangeClosed(0, StructuralCheck.ObjectShape.MAX_REQUIRED)
                .mapToObj(i -> "\"f" + i + "\"").collect(Collectors.joining(",", "[", "]"));

        assertEquals(Optional.empty(), StructuralCheckCompiler.compile(edited("/definitions/observation: required "
                + tooMany)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|true", "-0|true", "9223372036854775807|true", "9223372036854775808|false", "-1|false",
        "0.0|false", "1e3|false", "null|false", "\"1\"|false", "true|false", "[]|false",
    })
    void integerRangeCertifiesOnlyIntegerLiteralsInside(String value, boolean certified) throws Exception {
        assertEquals(certified, certified(value, "1e308"), value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.7976931348623157e308|true", "1.7976931348623157E+308|true", "17976931348623157e292|true",
        "1.79769313486231569e308|true", "1.7976931348623157000000001e308|false", "1.7976931348623158e308|false",
        "-1.7976931348623157e308|true", "-1.7976931348623157000000001e308|false", "1e308|true", "1e309|false",
        "1e999999999|false", "1e1000000000|false", "-1e1000000000|false", "1e-400|true", "-0.0|true", "-0|true",
        "123456789012345678901234567890|true",
        "null|false", "\"1\"|false", "[1]|false",
    })
    void numberRangeComparesExactlyNearTheBounds(String value, boolean certified) throws Exception {
        assertEquals(certified, certified("1", value), value);
    }

    @Test
    void integerLiteralsBeyondLongAreComparedExactlyWithANumberRange() throws Exception {
        assertTrue(certified("1", "17976931348623157" + "0".repeat(292)));
        assertFalse(certified("1", "17976931348623157" + "0".repeat(291) + "1"));
        assertTrue(certified("1", "-17976931348623157" + "0".repeat(292)));
        assertFalse(certified("1", "-17976931348623157" + "0".repeat(291) + "1"));
    }

    /** @return whether the full-64bit profile's pass certifies a message with that {@code probeId} and {@code value} */
    private static boolean certified(String probeId, String value) throws Exception {
        StructuralCheck.ObjectShape check = StructuralCheckCompiler.compile(AcceptanceProfile.FULL_64BIT.schemaBytes())
                .orElseThrow();
        String message = "{\"probeId\":" + probeId + ",\"resourceId\":1,\"messageId\":1,\"sentTime\":1,\"data\":"
                + "[{\"type\":\"event\",\"descriptionId\":1,\"observations\":[{\"time\":1,\"value\":" + value + "}]}]}";
        return DocumentScan.of(message.getBytes(StandardCharsets.UTF_8), check, 1).certified(0);
    }

    /**
     * @param edit {@code POINTER: FIELD JSON}: sets that field of the object at that pointer of the v0.4 schema to
     *             that JSON text, as written
     */
    private static byte[] edited(String edit) {
        try {
            JsonNode schema = JsonDocumentParser.DEFAULT.parse(AcceptanceProfile.FULL_64BIT.schemaBytes());
            String pointer = edit.substring(0, edit.indexOf(':'));
            String rest = edit.substring(edit.indexOf(':') + 2);
            String field = rest.substring(0, rest.indexOf(' '));
            ((ObjectNode) schema.at(pointer)).putRawValue(field, new RawValue(rest.substring(rest.indexOf(' ') + 1)));
            return GeneratedMessages.text(schema);
        } catch (MalformedJsonException e) {
            throw new IllegalArgumentException(edit, e);
        }
    }

}
