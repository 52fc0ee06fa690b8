package eu.atmosphere.tmaf.monitor.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed tokens: valid until expiry, refused when changed in any field, key rotation, key files. */
class TokenServiceTest {

    private static final byte[] KEY = "k".repeat(40).getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW_KEY = "n".repeat(40).getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2025-01-31T12:00:00Z");

    private static TokenService at(Instant instant, byte[]... keys) {
        return TokenService.of(List.of(keys), Duration.ofSeconds(900), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void aSignatureWrittenDifferentlyButDecodingAlikeIsRefused() throws Exception {
        TokenService tokens = at(NOW, KEY);
        for (int probe = 1; probe <= 64; probe++) {
            String token = tokens.issue(probe, "fp");
            char last = token.charAt(token.length() - 1);
            // a 32-byte MAC is 43 characters; the last one carries 4 bits, its 2 low bits are unused
            String unusedBitsSet = token.substring(0, token.length() - 1) + (char) (last + 1);
            assertEquals(probe, tokens.verify(token).probeId());
            TokenService.InvalidTokenException refused = assertThrows(TokenService.InvalidTokenException.class,
                    () -> tokens.verify(unusedBitsSet), unusedBitsSet);
            assertEquals("invalid token signature", refused.getMessage());
        }
    }

    @Test
    void aTokenIsValidForItsLifetimeOnly() throws Exception {
        String token = at(NOW, KEY).issue(1098, "fp");

        TokenService.Claims claims = at(NOW.plusSeconds(899), KEY).verify(token);
        assertEquals(1098, claims.probeId());
        assertEquals("fp", claims.credential());
        assertEquals(NOW.plusSeconds(900).getEpochSecond(), claims.expiresAt());
        TokenService.InvalidTokenException expired = assertThrows(TokenService.InvalidTokenException.class,
                () -> at(NOW.plusSeconds(900), KEY).verify(token));
        assertEquals("token expired", expired.getMessage());
    }

    @Test
    void everyChangedFieldBreaksTheSignature() {
        String token = at(NOW, KEY).issue(1098, "fp");
        String[] parts = token.split("\\.");
        TokenService service = at(NOW, KEY);
        for (int field = 2; field <= 4; field++) {
            String[] changed = parts.clone();
            changed[field] = field == 4 ? "fq" : changed[field] + "1";
            String tampered = String.join(".", changed);
            assertEquals("invalid token signature", assertThrows(TokenService.InvalidTokenException.class,
                    () -> service.verify(tampered)).getMessage(), "field " + field);
        }
        assertThrows(TokenService.InvalidTokenException.class, () -> service.verify(token.substring(0, token.length() - 2)));
        for (String malformed : List.of("", "x", "tma1.....", token + ".x", "tma2" + token.substring(4), token + " ")) {
            assertThrows(TokenService.InvalidTokenException.class, () -> service.verify(malformed), malformed);
        }
    }

    @Test
    void keysRotateTheFirstSignsAllVerify() throws Exception {
        String old = at(NOW, KEY).issue(1, "fp");
        TokenService rotated = at(NOW, NEW_KEY, KEY);
        String fresh = rotated.issue(1, "fp");

        assertEquals(1, rotated.verify(old).probeId());
        assertEquals(1, rotated.verify(fresh).probeId());
        assertEquals("token signed with an unknown key", assertThrows(TokenService.InvalidTokenException.class,
                () -> at(NOW, KEY).verify(fresh)).getMessage());
    }

    @Test
    void aKeyFileIsReadAgainWhenItChangesAndAnUnusableOneKeepsTheKeysInForce(@TempDir Path directory)
            throws Exception {
        Path file = directory.resolve("token.key");
        Files.writeString(file, "o".repeat(40) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        TokenService service = TokenService.fromFile(file, Duration.ofSeconds(60), Clock.systemUTC());
        String old = service.issue(1, "fp");

        Files.writeString(file, "n".repeat(40) + "\n" + "o".repeat(40) + "\n");
        service.reloadIfChanged();
        String fresh = service.issue(1, "fp");
        assertEquals(1, service.verify(old).probeId(), "the old key still verifies");
        assertEquals(at(NOW, "n".repeat(40).getBytes(StandardCharsets.UTF_8)).signingKeyId(), service.signingKeyId());

        Files.writeString(file, "short\n");
        service.reloadIfChanged();
        assertTrue(service.reloadProblem().orElseThrow().contains("at least 32"));
        assertEquals(1, service.verify(fresh).probeId(), "the keys loaded before stay in force");

        Files.writeString(file, "n".repeat(40) + "\n");
        service.reloadIfChanged();
        assertTrue(service.reloadProblem().isEmpty());
        assertEquals("token signed with an unknown key", assertThrows(TokenService.InvalidTokenException.class,
                () -> service.verify(old)).getMessage());
    }

    @Test
    void keyFilesAreLineBasedPrivateAndLongEnough(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("token.key");
        Files.writeString(file, "# rotated 2025-01\n" + "n".repeat(40) + "\n\n" + "k".repeat(40) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        TokenService fromFile = TokenService.fromFile(file, Duration.ofSeconds(60), Clock.systemUTC());
        assertEquals(at(NOW, NEW_KEY).signingKeyId(), fromFile.signingKeyId());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThrows(IllegalStateException.class, () -> TokenService.fromFile(file, Duration.ofSeconds(60),
                Clock.systemUTC()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "short\n");
        assertTrue(assertThrows(IllegalStateException.class, () -> TokenService.fromFile(file, Duration.ofSeconds(60),
                Clock.systemUTC())).getMessage().contains("at least 32"));
        Files.writeString(file, "k".repeat(40) + "\0\n");
        assertTrue(assertThrows(IllegalStateException.class, () -> TokenService.fromFile(file, Duration.ofSeconds(60),
                Clock.systemUTC())).getMessage().contains("control character"), "HMAC would pad k... like k...\\0");
    }
}
