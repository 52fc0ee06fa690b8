package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
    @CsvSource(delimiter = '|', value = {
        "0|true", "-0|true", "9223372036854775807|true", "9223372036854775808|false", "-1|false",
        "0.0|false", "1e3|false", "null|false", "\"1\"|false", "true|false", "[]|false",
    })
    void integerRangeCertifiesOnlyIntegerLiteralsInside(String value, boolean certified) throws MalformedJsonException {
        StructuralCheck check = StructuralCheckCompiler.compile(AcceptanceProfile.FULL_64BIT.schemaBytes())
                .orElseThrow();
        String message = "{\"probeId\":" + value + ",\"resourceId\":1,\"messageId\":1,\"sentTime\":1,"
                + "\"data\":[{\"type\":\"event\",\"descriptionId\":1,\"observations\":[{\"time\":1,\"value\":1e308}]}]}";

        assertEquals(certified, check.certainlyValid(parse(message)), message);
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

    private static JsonNode parse(String json) throws MalformedJsonException {
        return JsonDocumentParser.DEFAULT.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
