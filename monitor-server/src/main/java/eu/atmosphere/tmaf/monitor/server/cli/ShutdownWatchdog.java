package eu.atmosphere.tmaf.monitor.server.cli;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a process asked to stop (SIGTERM) does stop: if the graceful shutdown has not
 * ended the process by the deadline (a wedged thread, a lost Kafka connection, a JVM short of
 * memory), the process is halted with exit code {@value #EXIT_CODE}.
 *
 * <pre>{@code
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> {
 *     ShutdownWatchdog.arm(Duration.ofSeconds(25));
 *     server.close();
 * }));
 * }</pre>
 */
final class ShutdownWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownWatchdog.class);
    /** Exit code of a halted shutdown. */
    static final int EXIT_CODE = 3;

    private ShutdownWatchdog() {
    }

    /** @param deadline time the graceful shutdown may take from now */
    static void arm(Duration deadline) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadline.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.error("graceful shutdown did not end within {} s: halting", deadline.toSeconds());
            Runtime.getRuntime().halt(EXIT_CODE);
        }, "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
