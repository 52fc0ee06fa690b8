package eu.atmosphere.tmaf.monitor.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow hashes of probe secrets, PBKDF2 from the JDK, written in the PHC string format so
 * that every entry records its algorithm and parameters and they can change over time:
 * {@code $pbkdf2-sha256$i=600000,l=32$<salt>$<hash>} (salt and hash in base64 without padding).
 * Secrets are UTF-8 text (what HTTP Basic carries).
 *
 * <pre>{@code
 * String stored = SecretHashes.hash("pass".getBytes(UTF_8), SecretHashes.DEFAULT_ITERATIONS);
 * boolean ok = SecretHashes.verify("pass".getBytes(UTF_8), stored);   // true, in constant time
 * }</pre>
 */
public final class SecretHashes {

    /** The algorithm new hashes use. */
    public static final String DEFAULT_ALGORITHM = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** The fewest iterations accepted for a new hash (OWASP's figure for PBKDF2-HMAC-SHA512). */
    public static final int MIN_ITERATIONS = 210_000;
    /** Longest secret accepted, bytes. */
    public static final int MAX_SECRET_BYTES = 1024;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final Pattern PHC = Pattern.compile(
            "\\$(pbkdf2-sha256|pbkdf2-sha512)\\$i=(\\d{1,9}),l=(\\d{1,3})\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{22,})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private SecretHashes() {
    }

    /**
     * What a stored hash says about itself.
     *
     * @param algorithm  e.g. {@code pbkdf2-sha256}
     * @param iterations PBKDF2 iterations
     */
    public record Parameters(String algorithm, int iterations) {
        @Override
        public String toString() {
            return algorithm + " i=" + iterations;
        }
    }

    /**
     * @param secret     the secret, UTF-8
     * @param iterations PBKDF2 iterations, at least {@link #MIN_ITERATIONS}
     * @return the PHC string to store
     * @throws IllegalArgumentException if the secret is empty, too long or not UTF-8, or too few iterations
     */
    public static String hash(byte[] secret, int iterations) {
        requireAcceptable(secret);
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be " + MIN_ITERATIONS + ".." + MAX_ITERATIONS
                    + ": " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] derived = pbkdf2(DEFAULT_ALGORITHM, secret, salt, iterations, HASH_BYTES);
        return "$" + DEFAULT_ALGORITHM + "$i=" + iterations + ",l=" + HASH_BYTES + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(derived);
    }

    /**
     * @param secret a secret as presented by a probe
     * @param stored a PHC string made by {@link #hash}
     * @return whether the secret matches; the comparison takes the same time wherever they differ. A secret that
     *         {@link #hash} would refuse never matches: PBKDF2's HMAC pads its key with zero bytes, so without
     *         this {@code pass\0} and {@code pass\0\0\0} would match the hash of {@code pass}
     */
    public static boolean verify(byte[] secret, String stored) {
        Matcher phc = parse(stored);
        if (problem(secret) != null) {
            return false;
        }
        byte[] expected = B64D.decode(phc.group(5));
        byte[] actual = pbkdf2(phc.group(1), secret, B64D.decode(phc.group(4)), Integer.parseInt(phc.group(2)),
                expected.length);
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    /**
     * @param stored a PHC string
     * @return its algorithm and parameters
     * @throws IllegalArgumentException if it is not a hash this class understands
     */
    public static Parameters parameters(String stored) {
        Matcher phc = parse(stored);
        return new Parameters(phc.group(1), Integer.parseInt(phc.group(2)));
    }

    /**
     * @param secret a candidate secret
     * @throws IllegalArgumentException if it is empty, longer than {@link #MAX_SECRET_BYTES}, not
     *                                  UTF-8 or contains control characters (the message never
     *                                  contains the secret)
     */
    public static void requireAcceptable(byte[] secret) {
        String problem = problem(secret);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * @param secret a candidate or presented secret
     * @return why {@link #hash} refuses it (never containing the secret), or {@code null} if it is acceptable
     */
    public static String problem(byte[] secret) {
        if (secret.length == 0) {
            return "the secret is empty";
        }
        if (secret.length > MAX_SECRET_BYTES) {
            return "the secret is longer than " + MAX_SECRET_BYTES + " bytes";
        }
        char[] chars = utf8(secret);
        if (chars == null) {
            return "the secret is not UTF-8 text";
        }
        try {
            for (char c : chars) {
                if (Character.isISOControl(c)) {
                    return "the secret contains a control character (NUL, a line break, a tab, ...); a secret is"
                            + " printable text";
                }
            }
            return null;
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static Matcher parse(String stored) {
        Matcher phc = PHC.matcher(stored);
        if (!phc.matches()) {
            throw new IllegalArgumentException("not a supported hash (expected $pbkdf2-sha256$i=N,l=N$salt$hash)");
        }
        int iterations = Integer.parseInt(phc.group(2));
        int length = Integer.parseInt(phc.group(3));
        if (iterations < 1 || iterations > MAX_ITERATIONS || length < 16 || length > 64
                || B64D.decode(phc.group(5)).length != length) {
            throw new IllegalArgumentException("hash parameters out of range");
        }
        return phc;
    }

    /** PBKDF2 as specified in RFC 8018; package-private for the known-answer test. */
    static byte[] pbkdf2(String algorithm, byte[] secret, byte[] salt, int iterations, int length) {
        char[] chars = utf8(secret);
        if (chars == null) {
            return null;
        }
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance(jdkName(algorithm)).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + jdkName(algorithm), e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private static String jdkName(String algorithm) {
        return "PBKDF2WithHmac" + algorithm.substring("pbkdf2-".length()).toUpperCase(Locale.ROOT);
    }

    /** Strict UTF-8 decoding; {@code null} if malformed. The JDK's PBKDF2 encodes the chars back as UTF-8. */
    private static char[] utf8(byte[] bytes) {
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            char[] chars = new char[decoded.remaining()];
            decoded.get(chars);
            Arrays.fill(decoded.array(), '\0');
            return chars;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
