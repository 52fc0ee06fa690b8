package eu.atmosphere.tmaf.monitor.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PBKDF2 hashes: known answers, round trip, recorded parameters, refused inputs. */
class SecretHashesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pbkdf2MatchesTheRfc7914TestVector() {
        byte[] derived = SecretHashes.pbkdf2("pbkdf2-sha256", utf8("passwd"), utf8("salt"), 1, 64);
        assertArrayEquals(HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"), derived);
    }

    @Test
    void verifiesAHashMadeByOtherTools() {
        // python3: hashlib.pbkdf2_hmac('sha256', b'pass', bytes(range(16)), 210000, 32); same with openssl kdf
        String stored = "$pbkdf2-sha256$i=210000,l=32$AAECAwQFBgcICQoLDA0ODw$b0Xei58+gK/RruZAVtWpewi7ey8w7MB/ISqi1swTGwY";
        assertTrue(SecretHashes.verify(utf8("pass"), stored));
        assertFalse(SecretHashes.verify(utf8("pasS"), stored));
    }

    @Test
    void roundTripWithRandomSaltAndRecordedParameters() {
        String first = SecretHashes.hash(utf8("pass"), SecretHashes.MIN_ITERATIONS);
        String second = SecretHashes.hash(utf8("pass"), SecretHashes.MIN_ITERATIONS);

        assertNotEquals(first, second, "every hash has its own salt");
        assertTrue(SecretHashes.verify(utf8("pass"), first));
        assertTrue(SecretHashes.verify(utf8("pass"), second));
        assertFalse(SecretHashes.verify(utf8("pass "), first));
        assertFalse(SecretHashes.verify(new byte[0], first));
        assertEquals(new SecretHashes.Parameters("pbkdf2-sha256", SecretHashes.MIN_ITERATIONS),
                SecretHashes.parameters(first));
        assertFalse(first.contains("pass"));
    }

    @Test
    void defaultsFollowOwasp() {
        assertTrue(SecretHashes.DEFAULT_ITERATIONS >= 600_000);
        assertTrue(SecretHashes.MIN_ITERATIONS >= 210_000);
    }

    @Test
    void refusesWeakParametersAndUnusableSecrets() {
        assertThrows(IllegalArgumentException.class, () -> SecretHashes.hash(utf8("pass"), 1000));
        assertThrows(IllegalArgumentException.class, () -> SecretHashes.hash(new byte[0], SecretHashes.MIN_ITERATIONS));
        assertThrows(IllegalArgumentException.class, () -> SecretHashes.hash(new byte[] {(byte) 0xff},
                SecretHashes.MIN_ITERATIONS));
        IllegalArgumentException lineBreak = assertThrows(IllegalArgumentException.class,
                () -> SecretHashes.requireAcceptable(utf8("two\nlines")));
        assertFalse(lineBreak.getMessage().contains("two"), "messages never repeat the secret");
        assertThrows(IllegalArgumentException.class, () -> SecretHashes.parameters("$md5$abc"));
        assertThrows(IllegalArgumentException.class, () -> SecretHashes.verify(utf8("pass"), "plain text"));
    }
}
