package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.server.cli.ProcessSetup;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sets up the test JVM as the {@code monitor-server} command sets up its own ({@link ProcessSetup}),
 * before any test runs: the servers the tests start in-process then behave as the command's does
 * (e.g. TLS renegotiation refused, which the JDK reads once, when TLS is first used).
 */
public final class ServerProcessSetup implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ProcessSetup.apply();
    }
}
