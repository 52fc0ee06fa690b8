package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
