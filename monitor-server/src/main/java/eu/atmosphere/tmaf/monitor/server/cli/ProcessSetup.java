package eu.atmosphere.tmaf.monitor.server.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What the {@code monitor-server} command sets for its whole JVM before anything else runs, and
 * what an application embedding {@link eu.atmosphere.tmaf.monitor.server.MonitorServer} should set
 * the same way (the server itself changes nothing JVM-wide; it warns at start when the TLS setting
 * is missing):
 * <ul>
 *   <li>{@code jdk.tls.rejectClientInitiatedRenegotiation=true}: a TLS 1.2 renegotiation started by
 *       a client costs the server a full handshake each time, for free. The JDK reads it when its
 *       TLS classes initialise, so it is set before any TLS context exists.</li>
 *   <li>java.util.logging (Grizzly's and Jersey's) routed to SLF4J, so one logging set-up
 *       configures every line.</li>
 *   <li>Grizzly's filter chain logger at SEVERE: it logs every client's framing mistake (broken
 *       chunks, resets) with a stack trace at WARNING; the server's codec logs them once, briefly.</li>
 * </ul>
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ProcessSetup.apply();
 *     MonitorServer server = MonitorServer.start(config);
 * }
 * }</pre>
 */
public final class ProcessSetup {

    /** The JDK property that refuses client-initiated TLS renegotiation. */
    public static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    /** Held here because java.util.logging keeps loggers only weakly. */
    private static final Logger FILTER_CHAIN_LOG =
            Logger.getLogger("org.glassfish.grizzly.filterchain.DefaultFilterChain");

    private ProcessSetup() {
    }

    /** Applies the settings; calling it again changes nothing. */
    public static synchronized void apply() {
        System.setProperty(REJECT_RENEGOTIATION, "true");
        FILTER_CHAIN_LOG.setLevel(Level.SEVERE);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
