package eu.atmosphere.tmaf.monitor.server.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a short while, that a probe id + secret pair was verified against its slow
 * hash, so HTTP Basic on every message does not pay PBKDF2 each time. Never holds a secret: the
 * key is an HMAC of the pair under a random per-process key. Bounded in size (oldest entries
 * go first) and in time: an entry lapses after the TTL without use, and at the latest
 * {@link #MAX_LIFETIME} after its verification, so a probe that posts steadily does not pay the
 * slow hash again every TTL. An entry counts only while the probe's secret is unchanged (the
 * entry carries the credential fingerprint). Only successes are cached. Thread-safe.
 */
final class VerifiedSecretCache {

    /** Longest an entry lives however often it is used: one slow hash per probe per hour. */
    static final long MAX_LIFETIME = java.util.concurrent.TimeUnit.HOURS.toNanos(1);

    private final byte[] key = new byte[32];
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Map<ByteBuffer, Verified> entries;

    private record Verified(String credential, long expiresAtNanos, long endOfLifeNanos) {
    }

    VerifiedSecretCache(long ttlNanos, int maxEntries, LongSupplier nanoTime) {
        new SecureRandom().nextBytes(key);
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Verified> eldest) {
                return size() > VerifiedSecretCache.this.maxEntries;
            }
        };
    }

    /**
     * @param probeId    claimed probe
     * @param secret     presented secret
     * @param credential fingerprint of the probe's current secret
     * @return whether this pair was verified recently against that same secret
     */
    boolean contains(long probeId, byte[] secret, String credential) {
        if (ttlNanos <= 0) {
            return false;
        }
        ByteBuffer id = id(probeId, secret);
        synchronized (entries) {
            Verified verified = entries.get(id);
            if (verified == null) {
                return false;
            }
            long now = nanoTime.getAsLong();
            if (now - verified.expiresAtNanos() >= 0 || !verified.credential().equals(credential)) {
                entries.remove(id);
                return false;
            }
            long renewed = verified.endOfLifeNanos() - (now + ttlNanos) < 0 ? verified.endOfLifeNanos() : now + ttlNanos;
            entries.put(id, new Verified(credential, renewed, verified.endOfLifeNanos()));
            return true;
        }
    }

    /** Records a successful slow verification. */
    void put(long probeId, byte[] secret, String credential) {
        if (ttlNanos <= 0) {
            return;
        }
        ByteBuffer id = id(probeId, secret);
        synchronized (entries) {
            entries.remove(id);
            long now = nanoTime.getAsLong();
            entries.put(id, new Verified(credential, now + ttlNanos, now + Math.max(ttlNanos, MAX_LIFETIME)));
        }
    }

    /** Forgets everything, e.g. after the credentials changed. */
    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private ByteBuffer id(long probeId, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(probeId).array());
            return ByteBuffer.wrap(mac.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
