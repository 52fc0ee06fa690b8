package eu.atmosphere.tmaf.monitor.server.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-lived bearer tokens: {@code tma1.<keyId>.<probeId>.<expiry>.<credential>.<mac>} where
 * expiry is in epoch seconds, credential the {@link ProbeCredentials.Entry#fingerprint()
 * fingerprint} of the probe's secret when the token was issued (a new secret revokes old tokens)
 * and mac the HMAC-SHA256 of everything before it, compared in constant time.
 *
 * <p>Keys: the first key signs, every key verifies. A key is given as one line of at least 32 printable
 * characters of a key file ({@code openssl rand -base64 48}), or generated at start. Several replicas must
 * share the key (e.g. from one Kubernetes Secret), or a token from one is refused by the others. A key file
 * is read again when its content changes ({@link #reloadIfChanged()}, driven by the
 * {@link ProbeAuthenticator}'s file watch), so a rolling rotation refuses no valid token: add the new key as a
 * second line (it verifies), once every replica has it move it first (it signs), and remove the old key one
 * token lifetime later.
 *
 * <pre>{@code
 * TokenService tokens = TokenService.fromFile(Path.of("token.key"), Duration.ofMinutes(15), Clock.systemUTC());
 * String token = tokens.issue(1098, entry.fingerprint());
 * TokenService.Claims claims = tokens.verify(token);        // throws InvalidTokenException
 * }</pre>
 */
public final class TokenService {

    /** Shortest key accepted, bytes. */
    public static final int MIN_KEY_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final String VERSION = "tma1";
    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9._-]{1,256}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final List<Key> fixedKeys;
    private final ReloadableFile<List<Key>> keyFile;
    private final Duration ttl;
    private final Clock clock;
    private final boolean generated;

    private record Key(String id, byte[] secret) {
    }

    /**
     * What a valid token says.
     *
     * @param probeId     the probe it was issued to
     * @param credential  fingerprint of the probe's secret at issue time
     * @param expiresAt   epoch seconds
     */
    public record Claims(long probeId, String credential, long expiresAt) {
    }

    /** Why a token was refused; the message is safe to show to the client. */
    public static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String reason) {
            super(reason, null, false, false);
        }
    }

    private TokenService(List<Key> fixedKeys, ReloadableFile<List<Key>> keyFile, Duration ttl, Clock clock,
                         boolean generated) {
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("token lifetime must be at least 1 s: " + ttl);
        }
        this.fixedKeys = fixedKeys;
        this.keyFile = keyFile;
        this.ttl = ttl;
        this.clock = clock;
        this.generated = generated;
    }

    private static List<Key> toKeys(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no token key");
        }
        List<Key> list = new ArrayList<>();
        for (byte[] secret : secrets) {
            if (secret.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("a token key must have at least " + MIN_KEY_BYTES + " bytes");
            }
            list.add(new Key(keyId(secret), secret.clone()));
        }
        return List.copyOf(list);
    }

    /**
     * @param keys  signing key first, then keys that still verify
     * @param ttl   token lifetime
     * @param clock time source
     * @return a service with these keys
     */
    public static TokenService of(List<byte[]> keys, Duration ttl, Clock clock) {
        return new TokenService(toKeys(keys), null, ttl, clock, false);
    }

    /**
     * @param ttl   token lifetime
     * @param clock time source
     * @return a service with a random key, valid for this process only
     */
    public static TokenService generated(Duration ttl, Clock clock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new TokenService(toKeys(List.of(key)), null, ttl, clock, true);
    }

    /**
     * @param file  one key per line (first signs), {@code #} comments; refused if every user may read it; read
     *              again by {@link #reloadIfChanged()}
     * @param ttl   token lifetime
     * @param clock time source
     * @return a service with the file's keys
     * @throws IllegalStateException if the file is readable by everyone, holds no key, or a key is too short or
     *                               has a control character
     */
    public static TokenService fromFile(Path file, Duration ttl, Clock clock) {
        ReloadableFile<List<Key>> keys = ReloadableFile.load(file, "token key file", text -> parseKeys(text, file));
        return new TokenService(null, keys, ttl, clock, false);
    }

    private static List<Key> parseKeys(String text, Path file) {
        List<byte[]> keys = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String key = line.strip();
            if (!key.isEmpty() && !key.startsWith("#")) {
                if (key.chars().anyMatch(Character::isISOControl)) {
                    // HMAC pads a short key with zero bytes: "k" and "k\0" would be the same key under two ids
                    throw new IllegalStateException("a key in " + file + " contains a control character; a key is"
                            + " printable text (e.g. the output of `openssl rand -base64 48`)");
                }
                keys.add(key.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("the token key file " + file + " holds no key");
        }
        if (keys.stream().anyMatch(key -> key.length < MIN_KEY_BYTES)) {
            throw new IllegalStateException("every key in " + file + " must be at least " + MIN_KEY_BYTES
                    + " characters long (e.g. the output of `openssl rand -base64 48`)");
        }
        return toKeys(keys);
    }

    /**
     * Reads the key file again if its content changed (never throws; a file that cannot be used is logged and
     * the keys loaded before stay in force). Does nothing for keys not from a file.
     */
    public void reloadIfChanged() {
        if (keyFile == null) {
            return;
        }
        List<Key> previous = keyFile.reloadIfChanged();
        if (previous != null) {
            List<Key> now = keyFile.value();
            LOG.info("token keys reloaded from {}: signing key {} (was {}), {} key(s) verify", keyFile.file(),
                    now.get(0).id(), previous.get(0).id(), now.size());
        }
    }

    /** @return the key file, if the keys come from one */
    public Optional<Path> keyFile() {
        return Optional.ofNullable(keyFile).map(ReloadableFile::file);
    }

    /** @return why the newest content of the key file cannot be used (the keys loaded before are in force), or empty */
    public Optional<String> reloadProblem() {
        return keyFile == null ? Optional.empty() : keyFile.problem();
    }

    private List<Key> keys() {
        return keyFile == null ? fixedKeys : keyFile.value();
    }

    /** @return the token lifetime */
    public Duration ttl() {
        return ttl;
    }

    /** @return whether the key was generated at start (tokens die with the process) */
    public boolean generatedKey() {
        return generated;
    }

    /** @return the id of the signing key (a digest prefix, safe to log) */
    public String signingKeyId() {
        return keys().get(0).id();
    }

    /**
     * @param probeId    the authenticated probe
     * @param credential fingerprint of its current secret
     * @return a token valid for {@link #ttl()}
     */
    public String issue(long probeId, String credential) {
        long expiry = clock.instant().getEpochSecond() + ttl.toSeconds();
        Key key = keys().get(0);
        String payload = VERSION + "." + key.id() + "." + probeId + "." + expiry + "." + credential;
        return payload + "." + B64.encodeToString(mac(key.secret(), payload));
    }

    /**
     * @param token a token as presented
     * @return its claims
     * @throws InvalidTokenException if it is malformed, not signed by one of our keys, or expired
     */
    public Claims verify(String token) throws InvalidTokenException {
        if (!TOKEN_CHARS.matcher(token).matches()) {
            throw new InvalidTokenException("malformed token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 6 || !parts[0].equals(VERSION) || !DIGITS.matcher(parts[2]).matches()
                || !DIGITS.matcher(parts[3]).matches()) {
            throw new InvalidTokenException("malformed token");
        }
        Key key = keys().stream().filter(k -> k.id().equals(parts[1])).findFirst()
                .orElseThrow(() -> new InvalidTokenException("token signed with an unknown key"));
        try {
            Base64.getUrlDecoder().decode(parts[5]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed token");
        }
        String payload = token.substring(0, token.length() - parts[5].length() - 1);
        // the text, not the decoded bytes: Base64 ignores a last character's unused bits, so "...A" and
        // "...B" decode alike, and a token changed there must not verify
        byte[] expected = B64.encodeToString(mac(key.secret(), payload)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(parts[5].getBytes(StandardCharsets.US_ASCII), expected)) {
            throw new InvalidTokenException("invalid token signature");
        }
        long expiry;
        long probeId;
        try {
            expiry = Long.parseLong(parts[3]);
            probeId = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (clock.instant().getEpochSecond() >= expiry) {
            throw new InvalidTokenException("token expired");
        }
        return new Claims(probeId, parts[4], expiry);
    }

    private static byte[] mac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("tma-monitor token key id\0".getBytes(StandardCharsets.US_ASCII));
            return B64.encodeToString(Arrays.copyOf(sha.digest(key), 6));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
