package eu.atmosphere.tmaf.monitor.server.auth;

/**
 * A request could not be authenticated: 401 (missing, wrong, expired or tampered credentials)
 * or 503 (too many slow verifications at once). The message is safe to show to the client and
 * never contains a credential.
 */
public final class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean invalidToken;
    private final Long claimedProbeId;

    AuthenticationException(int status, String reason, boolean invalidToken, Long claimedProbeId) {
        super(reason, null, false, false);
        this.status = status;
        this.invalidToken = invalidToken;
        this.claimedProbeId = claimedProbeId;
    }

    static AuthenticationException unauthorized(String reason, Long claimedProbeId) {
        return new AuthenticationException(401, reason, false, claimedProbeId);
    }

    static AuthenticationException invalidToken(String reason, Long claimedProbeId) {
        return new AuthenticationException(401, reason, true, claimedProbeId);
    }

    static AuthenticationException busy(String reason) {
        return new AuthenticationException(503, reason, false, null);
    }

    /** @return 401 or 503 */
    public int status() {
        return status;
    }

    /** @return whether a bearer token was presented and refused (RFC 6750 {@code error="invalid_token"}) */
    public boolean invalidToken() {
        return invalidToken;
    }

    /** @return the probe id the request claimed, if it named a well-formed one (for the log) */
    public Long claimedProbeId() {
        return claimedProbeId;
    }
}
