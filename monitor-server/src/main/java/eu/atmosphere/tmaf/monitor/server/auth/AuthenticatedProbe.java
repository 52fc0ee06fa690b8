package eu.atmosphere.tmaf.monitor.server.auth;

import java.security.Principal;

/**
 * The probe a request authenticated as: its messages must carry this probe id.
 *
 * @param probeId    the probe id
 * @param credential fingerprint of the secret it proved (or its token was issued for)
 * @param scheme     {@code Basic} or {@code Bearer}
 */
public record AuthenticatedProbe(long probeId, String credential, String scheme) implements Principal {

    @Override
    public String getName() {
        return Long.toString(probeId);
    }
}
