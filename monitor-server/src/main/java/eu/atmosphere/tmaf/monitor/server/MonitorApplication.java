package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.server.http.ProblemExceptionMapper;
import eu.atmosphere.tmaf.monitor.server.http.UnexpectedErrorMapper;
import eu.atmosphere.tmaf.monitor.server.http.WebErrorMapper;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The JAX-RS application: the resources and filters of one server, wired by hand (no
 * classpath scanning). Security features register here as filters of their own.
 */
final class MonitorApplication extends ResourceConfig {

    /**
     * Bytes of a response Jersey buffers to send it with a Content-Length (larger ones go chunked): every
     * {@code POST /monitor} answer and a problem with a few violations fit; Jersey's default (8 KiB) is
     * allocated for every response, a few bytes long as most are.
     */
    static final int CONTENT_LENGTH_BUFFER_BYTES = 2048;

    MonitorApplication(Object... components) {
        register(ProblemExceptionMapper.class);
        register(WebErrorMapper.class);
        register(UnexpectedErrorMapper.class);
        for (Object component : components) {
            register(component);
        }
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, CONTENT_LENGTH_BUFFER_BYTES);
    }
}
