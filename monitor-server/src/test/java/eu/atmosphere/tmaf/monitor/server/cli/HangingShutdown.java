package eu.atmosphere.tmaf.monitor.server.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A process whose only resource never finishes closing, as an embedded broker waiting for a controller
 * that does not answer: {@code java ... HangingShutdown SECONDS} prints {@value #RUNNING} and waits for SIGTERM.
 */
final class HangingShutdown {

    static final String RUNNING = "running; closing will hang";

    private HangingShutdown() {
    }

    public static void main(String[] args) throws InterruptedException {
        BoundedShutdown shutdown = BoundedShutdown.install(Duration.ofSeconds(Long.parseLong(args[0])));
        CountDownLatch never = new CountDownLatch(1);
        shutdown.add(never::await);
        System.out.println(RUNNING);
        System.out.flush();
        shutdown.awaitSignal();
    }
}
