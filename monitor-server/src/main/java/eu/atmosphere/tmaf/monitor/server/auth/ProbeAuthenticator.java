package eu.atmosphere.tmaf.monitor.server.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates probes: HTTP Basic with probe id and secret (checked against the credentials
 * file's slow hashes, successes remembered briefly by {@link VerifiedSecretCache}) or a bearer
 * token from {@link TokenService}. Reloads the credentials file and the token key file when their content
 * changes, within about a second (see {@link FileChangeWatch}); a removed probe or a changed secret takes effect
 * at once, also for issued tokens.
 *
 * <p>Slow verifications run at most one per processor at once; beyond that a request waits a
 * little and is then answered 503, so a flood of wrong secrets cannot take every thread.
 *
 * <pre>{@code
 * try (ProbeAuthenticator auth = ProbeAuthenticator.start(Path.of("probes.credentials"),
 *         Duration.ofSeconds(10), TokenService.generated(Duration.ofMinutes(15), Clock.systemUTC()),
 *         Duration.ofMinutes(2))) {
 *     AuthenticatedProbe probe = auth.authenticate(request.getHeaderString("Authorization"));
 * }
 * }</pre>
 */
public final class ProbeAuthenticator implements AutoCloseable {

    /** The realm of the {@code WWW-Authenticate} challenges. */
    public static final String REALM = "tma-monitor";

    private static final Logger LOG = LoggerFactory.getLogger(ProbeAuthenticator.class);
    private static final int CACHE_ENTRIES = 10_000;
    private static final Duration SLOW_WAIT = Duration.ofSeconds(3);
    private static final byte[] DUMMY_SECRET = "not a secret: equalises timing for unknown probes"
            .getBytes(StandardCharsets.US_ASCII);

    private final ReloadableFile<ProbeCredentials> credentials;
    private final TokenService tokens;
    private final VerifiedSecretCache cache;
    private final Semaphore slowVerifications;
    private final String dummyHash;
    private final FileChangeWatch watch;

    private ProbeAuthenticator(ReloadableFile<ProbeCredentials> credentials, TokenService tokens, Duration cacheTtl,
                               Duration reloadInterval) {
        this.credentials = credentials;
        this.tokens = tokens;
        this.cache = new VerifiedSecretCache(cacheTtl.toNanos(), CACHE_ENTRIES, System::nanoTime);
        this.slowVerifications = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.dummyHash = SecretHashes.hash(DUMMY_SECRET, SecretHashes.DEFAULT_ITERATIONS);
        List<Path> files = new ArrayList<>(List.of(credentials.file()));
        tokens.keyFile().ifPresent(files::add);
        this.watch = reloadInterval.isZero() || reloadInterval.isNegative() ? null
                : FileChangeWatch.start(files, reloadInterval, this::reloadIfChanged, "credentials-watch");
    }

    /**
     * Loads the credentials file and starts watching it and the token key file (if the tokens come from one): a
     * change is picked up at once on a change notification (also a Kubernetes Secret volume's symlink swap), and
     * at the latest after {@code reloadInterval}.
     *
     * @param credentialsFile the probes ({@link ProbeCredentials} format)
     * @param reloadInterval  the longest time between two checks for changes; zero for never
     * @param tokens          issues and verifies bearer tokens
     * @param cacheTtl        how long a verified Basic secret is remembered; zero for never
     * @return the authenticator
     * @throws IllegalStateException if the file is readable by everyone or malformed
     */
    public static ProbeAuthenticator start(Path credentialsFile, Duration reloadInterval, TokenService tokens,
                                           Duration cacheTtl) {
        ReloadableFile<ProbeCredentials> credentials = ReloadableFile.load(credentialsFile, "credentials file",
                text -> ProbeCredentials.parse(text, credentialsFile.toString()));
        return new ProbeAuthenticator(credentials, tokens, cacheTtl, reloadInterval);
    }

    /** @return the probes currently allowed */
    public ProbeCredentials credentials() {
        return credentials.value();
    }

    /** @return the token service */
    public TokenService tokens() {
        return tokens;
    }

    /**
     * @param authorization the {@code Authorization} header, may be null
     * @return the probe it proves
     * @throws AuthenticationException 401 if missing, malformed, wrong, expired or revoked; 503 if
     *                                 too many slow verifications are running
     */
    public AuthenticatedProbe authenticate(String authorization) throws AuthenticationException {
        if (authorization == null || authorization.isBlank()) {
            throw AuthenticationException.unauthorized("credentials required: send Authorization: Bearer <token> "
                    + "(from POST /monitor/auth) or Basic <probeId:secret>", null);
        }
        String scheme = scheme(authorization);
        if (scheme.equals("bearer")) {
            return bearer(authorization.substring(6).strip());
        }
        if (scheme.equals("basic")) {
            return basic(authorization.substring(5).strip());
        }
        throw AuthenticationException.unauthorized("unsupported authorization scheme; use Bearer or Basic", null);
    }

    /**
     * Like {@link #authenticate} but accepts HTTP Basic only: what {@code POST /monitor/auth} needs.
     */
    public AuthenticatedProbe authenticateBasic(String authorization) throws AuthenticationException {
        if (authorization == null || authorization.isBlank()) {
            throw AuthenticationException.unauthorized(
                    "credentials required: send Authorization: Basic base64(probeId:secret)", null);
        }
        if (!scheme(authorization).equals("basic")) {
            throw AuthenticationException.unauthorized("a token is issued for HTTP Basic credentials only "
                    + "(Authorization: Basic base64(probeId:secret))", null);
        }
        return basic(authorization.substring(5).strip());
    }

    /**
     * @param probe an authenticated probe
     * @return a token for it
     */
    public String issueToken(AuthenticatedProbe probe) {
        return tokens.issue(probe.probeId(), probe.credential());
    }

    /**
     * @return why the changed credentials or token key file cannot be used (what was loaded before stays in use),
     *         or empty if the files in use are the current ones
     */
    public Optional<String> reloadProblem() {
        return credentials.problem().or(tokens::reloadProblem);
    }

    /** Reads the credentials and token key files again if their content changed; never throws. */
    public void reloadIfChanged() {
        ProbeCredentials old = credentials.reloadIfChanged();
        if (old != null) {
            ProbeCredentials fresh = credentials.value();
            cache.clear();
            Set<Long> added = new HashSet<>(fresh.probeIds());
            added.removeAll(old.probeIds());
            Set<Long> removed = new HashSet<>(old.probeIds());
            removed.removeAll(fresh.probeIds());
            LOG.info("credentials reloaded from {}: {} probes (added {}, removed {})", credentials.file(), fresh.size(),
                    added, removed);
        }
        tokens.reloadIfChanged();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }

    private AuthenticatedProbe bearer(String token) throws AuthenticationException {
        TokenService.Claims claims;
        try {
            claims = tokens.verify(token);
        } catch (TokenService.InvalidTokenException e) {
            throw AuthenticationException.invalidToken(e.getMessage() + "; get a new one at POST /monitor/auth", null);
        }
        ProbeCredentials.Entry entry = credentials.value().find(claims.probeId()).orElse(null);
        if (entry == null || !entry.fingerprint().equals(claims.credential())) {
            throw AuthenticationException.invalidToken("token revoked (the probe was removed or its secret changed)",
                    claims.probeId());
        }
        return new AuthenticatedProbe(claims.probeId(), claims.credential(), "Bearer");
    }

    private AuthenticatedProbe basic(String encoded) throws AuthenticationException {
        byte[] pair;
        try {
            pair = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw AuthenticationException.unauthorized("malformed Basic credentials (not base64)", null);
        }
        int colon = indexOf(pair, (byte) ':');
        if (colon < 0) {
            Arrays.fill(pair, (byte) 0);
            throw AuthenticationException.unauthorized("malformed Basic credentials (expected probeId:secret)", null);
        }
        String user = new String(pair, 0, colon, StandardCharsets.UTF_8);
        byte[] secret = Arrays.copyOfRange(pair, colon + 1, pair.length);
        Arrays.fill(pair, (byte) 0);
        try {
            long probeId;
            try {
                probeId = ProbeCredentials.parseProbeId(user, "user");
            } catch (IllegalStateException e) {
                throw AuthenticationException.unauthorized("the Basic user name must be the probe id", null);
            }
            return verify(probeId, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private AuthenticatedProbe verify(long probeId, byte[] secret) throws AuthenticationException {
        String unacceptable = SecretHashes.problem(secret);
        if (unacceptable != null) {
            // refused before the cache and the slow hash: a padded spelling (pass\0) never replaces the cached secret
            throw AuthenticationException.unauthorized("wrong probe id or secret: " + unacceptable, probeId);
        }
        ProbeCredentials.Entry entry = credentials.value().find(probeId).orElse(null);
        if (entry != null && cache.contains(probeId, secret, entry.fingerprint())) {
            return new AuthenticatedProbe(probeId, entry.fingerprint(), "Basic");
        }
        boolean ok;
        try {
            if (!slowVerifications.tryAcquire(SLOW_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw AuthenticationException.busy("too many authentications in progress; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AuthenticationException.busy("interrupted while waiting to verify credentials");
        }
        try {
            if (entry != null && cache.contains(probeId, secret, entry.fingerprint())) {
                return new AuthenticatedProbe(probeId, entry.fingerprint(), "Basic");
            }
            ok = SecretHashes.verify(secret, entry == null ? dummyHash : entry.hash()) && entry != null;
        } finally {
            slowVerifications.release();
        }
        if (!ok) {
            throw AuthenticationException.unauthorized("wrong probe id or secret", probeId);
        }
        cache.put(probeId, secret, entry.fingerprint());
        LOG.info("probe {} proved its secret against the slow hash (HTTP Basic); remembered while in use", probeId);
        return new AuthenticatedProbe(probeId, entry.fingerprint(), "Basic");
    }

    private static String scheme(String authorization) {
        int space = authorization.indexOf(' ');
        return (space < 0 ? authorization : authorization.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
