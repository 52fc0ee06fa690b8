package eu.atmosphere.tmaf.monitor.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One owner per data directory; the refusal names the directory and the owner's process id. (Two processes: monitor-server's DataDirectoryOwnershipTest.) */
class DataDirectoryLockTest {

    @TempDir
    Path parent;

    @Test
    void aHeldDirectoryIsRefusedWithItsOwnerAndFreeAgainAfterClose() throws IOException {
        Path directory = parent.resolve("kafka");
        long pid = ProcessHandle.current().pid();
        try (DataDirectoryLock held = DataDirectoryLock.acquire(directory)) {
            assertEquals(List.of(Long.toString(pid)), Files.readAllLines(directory.resolve(DataDirectoryLock.FILE_NAME),
                    StandardCharsets.US_ASCII));

            DataDirectoryInUseException second = assertThrows(DataDirectoryInUseException.class,
                    () -> DataDirectoryLock.acquire(directory));
            assertEquals("Kafka data directory " + directory.toAbsolutePath() + " is in use by process " + pid,
                    second.getMessage());
            assertEquals(pid, second.holder().orElseThrow());
            assertThrows(DataDirectoryInUseException.class, () -> DataDirectoryLock.checkFree(directory));
            assertEquals(List.of(Long.toString(pid)), Files.readAllLines(directory.resolve(DataDirectoryLock.FILE_NAME),
                    StandardCharsets.US_ASCII), "the refused attempt changed the lock file");
        }
        DataDirectoryLock.checkFree(directory);
        DataDirectoryLock.acquire(directory).close();
    }

    @Test
    void checkingADirectoryThatWasNeverUsedCreatesNothing() {
        Path directory = parent.resolve("never-used");

        DataDirectoryLock.checkFree(directory);

        assertEquals(false, Files.exists(directory));
    }
}
