package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageSchemaTest {

    @Test
    void schemaIsADraft07DocumentRequiringTheFiveFields() throws MalformedJsonException {
        JsonNode schema = JsonDocumentParser.DEFAULT.parse(MessageSchema.bytes());

        assertEquals("http://json-schema.org/draft-07/schema#", schema.get("$schema").textValue());
        assertEquals("[\"probeId\",\"resourceId\",\"messageId\",\"sentTime\",\"data\"]", schema.get("required").toString());
        assertEquals(MessageSchema.text(), new String(MessageSchema.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void bytesAreACopy() {
        byte[] first = MessageSchema.bytes();
        byte[] original = first.clone();
        first[0] = 'X';

        assertArrayEquals(original, MessageSchema.bytes());
    }

    @Test
    void theKnowledgeBaseProfileIsTheV04SchemaWith32BitIdsAndTimesInEpochSeconds() throws MalformedJsonException {
        JsonNode full = JsonDocumentParser.DEFAULT.parse(AcceptanceProfile.FULL_64BIT.schemaBytes());
        JsonNode kb = JsonDocumentParser.DEFAULT.parse(AcceptanceProfile.KNOWLEDGE_BASE.schemaBytes());

        assertEquals(JsonDocumentParser.DEFAULT.parse(MessageSchema.bytes()), full);
        assertEquals(2147483647L, kb.at("/definitions/entityId/maximum").longValue());
        assertEquals(1, kb.at("/definitions/observationTime/minimum").intValue());
        assertEquals(2147483647L, kb.at("/definitions/observationTime/maximum").longValue());
        assertEquals(Long.MAX_VALUE, kb.at("/definitions/id/maximum").longValue());   // messageId, sentTime
        assertEquals(full.get("properties"), kb.get("properties"));
        assertEquals(full.get("required"), kb.get("required"));
        assertEquals("#/definitions/entityId", kb.at("/properties/resourceId/$ref").textValue());
        assertEquals("#/definitions/observationTime",
                kb.at("/definitions/observation/properties/time/$ref").textValue());
    }

    @Test
    void profilesAreNamedAsInTheServerOption() {
        assertEquals(AcceptanceProfile.KNOWLEDGE_BASE, AcceptanceProfile.DEFAULT);
        assertEquals(AcceptanceProfile.FULL_64BIT, AcceptanceProfile.parse("full-64bit"));
        assertEquals(AcceptanceProfile.KNOWLEDGE_BASE, AcceptanceProfile.parse(" Knowledge-Base "));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> AcceptanceProfile.parse("64bit"));
        assertEquals("unknown acceptance profile \"64bit\"; known: knowledge-base, full-64bit", unknown.getMessage());
        assertEquals(AcceptanceProfile.FULL_64BIT, MessageValidator.create(AcceptanceProfile.FULL_64BIT).profile());
    }
}
