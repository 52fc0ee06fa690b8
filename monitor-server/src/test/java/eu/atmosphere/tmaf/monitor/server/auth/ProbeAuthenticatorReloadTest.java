package eu.atmosphere.tmaf.monitor.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled reload of the credentials file survives reloads that fail: an exception escaping the task of a
 * {@code ScheduledExecutorService} cancels every later run, so a file that was once broken (or vanished) would
 * never be picked up again after it was repaired.
 */
class ProbeAuthenticatorReloadTest {

    private static final String HASH = "$pbkdf2-sha256$i=210000,l=32$AAECAwQFBgcICQoLDA0ODw$"
            + "b0Xei58+gK/RruZAVtWpewi7ey8w7MB/ISqi1swTGwY";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void laterReloadsStillRunAfterFailedOnes(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("probes.credentials");
        Instant created = Instant.parse("2025-01-31T12:00:00Z");
        ProbeCredentials.empty().with(1, HASH, created).write(file);
        try (ProbeAuthenticator authenticator = ProbeAuthenticator.start(file, Duration.ofMillis(10),
                TokenService.generated(Duration.ofMinutes(15), Clock.systemUTC()), Duration.ofMinutes(2))) {
            replace(file, "not a credentials line\n");
            awaitTrue(() -> authenticator.reloadProblem().isPresent(), "the malformed file is reported");
            assertEquals(List.of(1L), List.copyOf(authenticator.credentials().probeIds()), "old probes kept");

            Files.delete(file);
            awaitTrue(() -> authenticator.reloadProblem().orElse("").contains("cannot read"),
                    "the vanished file is reported: " + authenticator.reloadProblem());

            ProbeCredentials.empty().with(1, HASH, created).with(2, HASH, created).write(file);
            awaitTrue(() -> authenticator.credentials().probeIds().contains(2L),
                    "the repaired file is loaded by a later scheduled reload");
            assertTrue(authenticator.reloadProblem().isEmpty());
        }
    }

    /**
     * Replaces the file in one step, as {@link ProbeCredentials#write} does: a reload every 10 ms must never see
     * the half-written (empty) file that truncating it in place would show for a moment.
     */
    private static void replace(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".replace", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls a condition the reload thread makes true, up to {@link #WAIT}. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + WAIT + ": " + what);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
