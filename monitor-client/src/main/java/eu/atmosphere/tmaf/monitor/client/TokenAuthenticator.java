package eu.atmosphere.tmaf.monitor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Holds a probe's credentials and the bearer token exchanged for them at {@code /monitor/auth}
 * (HTTP Basic with probe id and secret). The token is renewed when 80 % of its lifetime has passed
 * and after the monitor answered 401 to it. A monitor without an auth endpoint (404, anonymous
 * mode) is asked again after a minute; meanwhile requests carry no {@code Authorization} header.
 */
final class TokenAuthenticator {

    private static final ClientLog LOG = ClientLog.of(TokenAuthenticator.class);
    private static final Duration ANONYMOUS_RECHECK = Duration.ofMinutes(1);
    private static final double RENEW_AT_LIFETIME_FRACTION = 0.8;

    private final HttpTransport transport;
    private final Clock clock;
    private Credentials credentials;
    private String header;
    private Instant renewAt = Instant.MIN;

    TokenAuthenticator(HttpTransport transport, Clock clock) {
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Sets the credentials; the next request fetches a token.
     *
     * @throws IllegalStateException if already bound to another probe id
     */
    synchronized void bind(long probeId, byte[] secret) {
        if (credentials != null && credentials.probeId != probeId) {
            throw new IllegalStateException("this client is already authenticated as probe " + credentials.probeId
                    + "; use one client per probe id");
        }
        credentials = new Credentials(probeId, secret.clone());
        invalidate();
    }

    synchronized boolean hasCredentials() {
        return credentials != null;
    }

    /** Forgets the token, e.g. after the monitor refused it. */
    synchronized void invalidate() {
        header = null;
        renewAt = Instant.MIN;
    }

    /**
     * @return the {@code Authorization} header for the next request, or {@code null} if none is
     *         needed (no credentials, or a monitor without authentication)
     * @throws AuthenticationFailedException if the auth endpoint answered with an error
     */
    synchronized String authorization() throws IOException, InterruptedException, AuthenticationFailedException {
        if (credentials == null) {
            return null;
        }
        if (!clock.instant().isBefore(renewAt)) {
            renew();
        }
        return header;
    }

    /**
     * Exchanges the credentials for a token now.
     *
     * @throws AuthenticationFailedException if the monitor refused them or failed
     */
    synchronized void renewNow() throws IOException, InterruptedException, AuthenticationFailedException {
        renew();
    }

    private void renew() throws IOException, InterruptedException, AuthenticationFailedException {
        Response response = transport.postAuth(credentials.basicHeader());
        Instant now = clock.instant();
        if (response.status() == 404) {
            LOG.info("The monitor at {} has no auth endpoint; sending without credentials", transport.endpoint());
            header = null;
            renewAt = now.plus(ANONYMOUS_RECHECK);
            return;
        }
        JsonNode token = ProblemParser.readJson(response);
        if (!response.isSuccess() || token == null || !token.path("token").isTextual()) {
            invalidate();
            throw new AuthenticationFailedException(response);
        }
        long lifetimeSeconds = token.path("expiresIn").asLong(60);
        header = token.path("tokenType").asText("Bearer") + " " + token.get("token").asText();
        renewAt = now.plusMillis((long) (lifetimeSeconds * 1000 * RENEW_AT_LIFETIME_FRACTION));
        LOG.debug("Token for probe {} valid for {} s", credentials.probeId, lifetimeSeconds);
    }

    private static final class Credentials {

        private final long probeId;
        private final byte[] secret;

        Credentials(long probeId, byte[] secret) {
            this.probeId = probeId;
            this.secret = secret;
        }

        String basicHeader() {
            byte[] prefix = (probeId + ":").getBytes(StandardCharsets.UTF_8);
            byte[] pair = new byte[prefix.length + secret.length];
            System.arraycopy(prefix, 0, pair, 0, prefix.length);
            System.arraycopy(secret, 0, pair, prefix.length, secret.length);
            return "Basic " + Base64.getEncoder().encodeToString(pair);
        }

        @Override
        public String toString() {
            return "Credentials{probeId=" + probeId + ", secret=***}";
        }

        /** @return probeId */
        long probeId() {
            return probeId;
        }

        /** @return secret */
        byte[] secret() {
            return secret;
        }
    }
}
