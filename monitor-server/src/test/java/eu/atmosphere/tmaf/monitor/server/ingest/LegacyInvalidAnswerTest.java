package eu.atmosphere.tmaf.monitor.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.atmosphere.tmaf.monitor.schema.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyInvalidAnswerTest {

    @Test
    void theAnswerIsTheOriginalMonitorsTextWithPythonQuoting() {
        String body = LegacyInvalidAnswer.body(List.of(
                new Violation("/probeId", "required", "required field \"probeId\" is missing"),
                new Violation("/data/0/type", "enum", "it's not one of [measurement, event]"),
                new Violation("/x", "type", "both ' and \" and \\ and\na newline")));

        assertEquals("Number of errors: 3\n"
                + "['/probeId: required field \"probeId\" is missing', "
                + "\"/data/0/type: it's not one of [measurement, event]\", "
                + "'/x: both \\' and \" and \\\\ and\\na newline']\n", body);
    }

    @Test
    void scopesAreNamedAsInTheOption() {
        assertEquals(LegacyInvalidAnswer.ORIGINAL_CLIENT, LegacyInvalidAnswer.parse("original-client"));
        assertEquals(LegacyInvalidAnswer.OFF, LegacyInvalidAnswer.parse(" OFF "));
        assertEquals("unknown --legacy-invalid-answer \"all\"; known: off, original-client",
                assertThrows(IllegalArgumentException.class, () -> LegacyInvalidAnswer.parse("all")).getMessage());
    }
}
