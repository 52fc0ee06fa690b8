package eu.atmosphere.tmaf.monitor.server.auth;

import java.security.MessageDigest;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Remembers, for a short while, the secret a probe proved against its slow hash, so HTTP Basic
 * on every message does not pay PBKDF2 each time. A hit costs one map lookup by probe id and a
 * constant-time comparison ({@link MessageDigest#isEqual}) of the presented secret with the
 * remembered one: no hashing and no lock shared by all requests.
 *
 * <p><b>It holds verified secrets in memory</b>, one per probe (an earlier version held an HMAC
 * of the pair instead, and paid that HMAC on every request). That is acceptable because the
 * process receives the same secret in every Basic request anyway (it sits in the request's
 * header buffers for as long as the request lives); the cache only keeps it in the heap a
 * little longer. Nothing here is written to disk or logged, the entry is dropped on expiry and
 * whenever the credentials file changes, and a heap dump of a Basic-serving process already
 * exposes in-flight secrets. A probe that wants no reusable secret in the server at all uses a
 * bearer token from {@code POST /monitor/auth}.
 *
 * <p>Bounded in size (when full, expired entries go first, then arbitrary ones) and in time: an
 * entry lapses after the TTL without use, and at the latest {@link #MAX_LIFETIME} after its
 * verification, so a probe that posts steadily pays the slow hash once an hour. An entry
 * counts only while the probe's secret is unchanged (the entry carries the credential
 * fingerprint). Only successes are cached; a different secret for a cached probe is a miss that
 * leaves the remembered one in place. Thread-safe.
 *
 * <pre>{@code
 * VerifiedSecretCache cache = new VerifiedSecretCache(ttlNanos, 10_000, System::nanoTime);
 * if (!cache.contains(probeId, secret, entry.fingerprint()) && SecretHashes.verify(secret, entry.hash())) {
 *     cache.put(probeId, secret, entry.fingerprint());
 * }
 * }</pre>
 */
final class VerifiedSecretCache {

    /** Longest an entry lives however often it is used: one slow hash per probe per hour. */
    static final long MAX_LIFETIME = TimeUnit.HOURS.toNanos(1);

    /** Hits within this share of the TTL after the last renewal do not write the shared entry again. */
    private static final int RENEWALS_PER_TTL = 64;

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Long, Verified> entries = new ConcurrentHashMap<>();

    /** One probe's verified secret; {@code expiresAtNanos} slides forward on use. */
    private static final class Verified {
        private final byte[] secret;
        private final String credential;
        private final long endOfLifeNanos;
        private volatile long expiresAtNanos;

        private Verified(byte[] secret, String credential, long expiresAtNanos, long endOfLifeNanos) {
            this.secret = secret;
            this.credential = credential;
            this.expiresAtNanos = expiresAtNanos;
            this.endOfLifeNanos = endOfLifeNanos;
        }
    }

    VerifiedSecretCache(long ttlNanos, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /**
     * @param probeId    claimed probe
     * @param secret     presented secret
     * @param credential fingerprint of the probe's current secret
     * @return whether this very secret was verified recently for this probe against that same credential
     */
    boolean contains(long probeId, byte[] secret, String credential) {
        if (ttlNanos <= 0) {
            return false;
        }
        Verified verified = entries.get(probeId);
        if (verified == null) {
            return false;
        }
        long now = nanoTime.getAsLong();
        long expiresAt = verified.expiresAtNanos;
        if (now - expiresAt >= 0 || !verified.credential.equals(credential)) {
            entries.remove(probeId, verified);
            return false;
        }
        // the presented secret first: isEqual's time depends on its first argument's length only
        if (!MessageDigest.isEqual(secret, verified.secret)) {
            return false;
        }
        long renewed = verified.endOfLifeNanos - (now + ttlNanos) < 0 ? verified.endOfLifeNanos : now + ttlNanos;
        if (renewed - expiresAt > ttlNanos / RENEWALS_PER_TTL) {
            verified.expiresAtNanos = renewed;
        }
        return true;
    }

    /** Records a successful slow verification; replaces what was remembered for the probe. */
    void put(long probeId, byte[] secret, String credential) {
        if (ttlNanos <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (entries.size() >= maxEntries && !entries.containsKey(probeId)) {
            makeRoom(now);
        }
        entries.put(probeId, new Verified(secret.clone(), credential, now + ttlNanos,
                now + Math.max(ttlNanos, MAX_LIFETIME)));
    }

    /** Forgets everything, e.g. after the credentials changed. */
    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(long now) {
        entries.values().removeIf(verified -> now - verified.expiresAtNanos >= 0);
        Iterator<Long> any = entries.keySet().iterator();
        while (entries.size() >= maxEntries && any.hasNext()) {
            any.next();
            any.remove();
        }
    }
}
