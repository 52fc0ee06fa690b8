package eu.atmosphere.tmaf.monitor.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials file and the verified-secret cache. */
class ProbeCredentialsTest {

    private static final String HASH = "$pbkdf2-sha256$i=210000,l=32$AAECAwQFBgcICQoLDA0ODw$"
            + "b0Xei58+gK/RruZAVtWpewi7ey8w7MB/ISqi1swTGwY";

    @Test
    void writesAnOwnerOnlyFileAndReadsItBack(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("sub/probes.credentials");
        Instant created = Instant.parse("2025-01-31T12:00:00Z");

        ProbeCredentials.empty().with(1098, HASH, created).with(7, HASH, created).write(file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ProbeCredentials read = ProbeCredentials.read(file);
        assertEquals(List.of(7L, 1098L), List.copyOf(read.probeIds()));
        assertEquals(created, read.find(1098).orElseThrow().created());
        assertEquals(HASH, read.find(1098).orElseThrow().hash());
        assertFalse(read.find(1098).orElseThrow().toString().contains(HASH), "toString shows parameters only");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        read.without(7).write(file);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "an existing file keeps its (private) permissions");
        assertEquals(List.of(1098L), List.copyOf(ProbeCredentials.read(file).probeIds()));
    }

    @Test
    void refusesAWorldReadableFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("probes.credentials");
        Files.writeString(file, "1098 2025-01-31T12:00:00Z " + HASH + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ProbeCredentials.read(file));
        assertTrue(refused.getMessage().contains("chmod o-rwx"), refused.getMessage());
    }

    @Test
    void namesTheLineOfAMalformedEntry() {
        for (String bad : List.of("1098 " + HASH, "01098 2025-01-31T12:00:00Z " + HASH, "-1 2025-01-31T12:00:00Z " + HASH,
                "1098 yesterday " + HASH, "1098 2025-01-31T12:00:00Z pass",
                "1 2025-01-31T12:00:00Z " + HASH + "\n1 2025-01-31T12:00:00Z " + HASH)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ProbeCredentials.parse("# header\n" + bad + "\n", "f"));
            assertTrue(e.getMessage().startsWith("f line "), e.getMessage());
            assertFalse(e.getMessage().contains("pass"), "no field content in messages");
        }
    }

    @Test
    void aProbeIdIsACanonicalNonNegative64BitInteger() {
        assertEquals(0, ProbeCredentials.parseProbeId("0", "user"));
        assertEquals(1098, ProbeCredentials.parseProbeId("1098", "user"));
        assertEquals(Long.MAX_VALUE, ProbeCredentials.parseProbeId("9223372036854775807", "user"));
        for (String bad : List.of("", "01", "00", "+1", "-1", "1a", " 1", "1 ", "\u0661", "12345678901234567890")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ProbeCredentials.parseProbeId(bad, "user"), bad);
            assertTrue(e.getMessage().contains("without leading zeros"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalStateException.class, () -> ProbeCredentials.parseProbeId("9223372036854775808",
                "user")).getMessage().contains("64-bit range"));
    }

    @Test
    void aNewSecretChangesTheFingerprint() {
        ProbeCredentials one = ProbeCredentials.empty().with(1, HASH, Instant.now());
        ProbeCredentials two = one.with(1, SecretHashes.hash("other".getBytes(StandardCharsets.UTF_8),
                SecretHashes.MIN_ITERATIONS), Instant.now());
        assertNotEquals(one.find(1).orElseThrow().fingerprint(), two.find(1).orElseThrow().fingerprint());
    }

    @Test
    void theCacheRemembersSuccessesBrieflyBoundedAndPerSecret() {
        long[] now = {0};
        LongSupplier clock = () -> now[0];
        VerifiedSecretCache cache = new VerifiedSecretCache(1_000, 2, clock);
        byte[] secret = "pass".getBytes(StandardCharsets.UTF_8);

        cache.put(1, secret, "fp");
        assertTrue(cache.contains(1, secret, "fp"));
        assertFalse(cache.contains(1, "pasS".getBytes(StandardCharsets.UTF_8), "fp"));
        assertFalse(cache.contains(2, secret, "fp"));
        assertFalse(cache.contains(1, secret, "new-secret"), "a changed secret voids the entry");
        cache.put(1, secret, "fp");
        now[0] = 1_000;
        assertFalse(cache.contains(1, secret, "fp"), "expired");
        for (int probe = 0; probe < 5; probe++) {
            cache.put(probe, secret, "fp");
        }
        assertEquals(2, cache.size());
    }

    @Test
    void aWrongSecretForARememberedProbeMissesAndLeavesTheRightOne() {
        long[] now = {0};
        VerifiedSecretCache cache = new VerifiedSecretCache(1_000, 2, () -> now[0]);
        byte[] secret = "pass".getBytes(StandardCharsets.UTF_8);
        cache.put(1, secret, "fp");

        assertFalse(cache.contains(1, "pass-and-more".getBytes(StandardCharsets.UTF_8), "fp"));
        assertFalse(cache.contains(1, new byte[0], "fp"));
        assertTrue(cache.contains(1, secret, "fp"), "the verified secret is still remembered");
        cache.put(1, "new".getBytes(StandardCharsets.UTF_8), "fp2");
        assertFalse(cache.contains(1, secret, "fp2"), "a probe's newer verified secret replaces the older");
        assertEquals(1, cache.size());
    }

    @Test
    void theCacheKeepsItsOwnCopyOfTheSecret() {
        VerifiedSecretCache cache = new VerifiedSecretCache(1_000, 2, () -> 0);
        byte[] secret = "pass".getBytes(StandardCharsets.UTF_8);
        cache.put(1, secret, "fp");
        Arrays.fill(secret, (byte) 0);

        assertTrue(cache.contains(1, "pass".getBytes(StandardCharsets.UTF_8), "fp"), "the caller zeroes its buffer");
    }

    @Test
    void useKeepsAnEntryUpToItsMaximumLifetime() {
        long[] now = {0};
        long ttl = VerifiedSecretCache.MAX_LIFETIME / 4;
        VerifiedSecretCache cache = new VerifiedSecretCache(ttl, 2, () -> now[0]);
        byte[] secret = "pass".getBytes(StandardCharsets.UTF_8);
        cache.put(1, secret, "fp");

        while (now[0] + ttl * 9 / 10 < VerifiedSecretCache.MAX_LIFETIME) {
            now[0] += ttl * 9 / 10;
            assertTrue(cache.contains(1, secret, "fp"), "used within the TTL at " + now[0]);
        }
        now[0] = VerifiedSecretCache.MAX_LIFETIME;

        assertFalse(cache.contains(1, secret, "fp"), "verified again at least once per maximum lifetime");
    }
}
