package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** When the engine tests may skip: never when CI requires Docker ({@code TMA_REQUIRE_DOCKER=true}). */
class DockerEngineTest {

    @Test
    void aMissingEngineFailsWhenDockerIsRequired() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> DockerEngine.skipReason(Optional.of("no docker CLI on PATH"), "true"));
        assertTrue(failure.getMessage().contains("no docker CLI on PATH"), failure.getMessage());
        assertTrue(failure.getMessage().contains("TMA_REQUIRE_DOCKER=true"), failure.getMessage());
    }

    @Test
    void aMissingEngineSkipsWithItsReasonOtherwise() {
        assertEquals(Optional.of("no docker CLI on PATH"),
                DockerEngine.skipReason(Optional.of("no docker CLI on PATH"), null));
        assertEquals(Optional.of("no docker CLI on PATH"),
                DockerEngine.skipReason(Optional.of("no docker CLI on PATH"), "false"));
    }

    @Test
    void anAnsweringEngineRunsTheTests() {
        assertEquals(Optional.empty(), DockerEngine.skipReason(Optional.empty(), "true"));
        assertEquals(Optional.empty(), DockerEngine.skipReason(Optional.empty(), null));
    }
}
