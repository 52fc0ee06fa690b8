package eu.atmosphere.tmaf.monitor.probe.docker;

import eu.atmosphere.tmaf.monitor.probe.common.SourceUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, before the first round, until the container runtime answers: for at most a timeout (with
 * {@code --count}: a run that cannot take its rounds should end and say why), or for as long as it takes
 * (a long-running probe, e.g. a DaemonSet pod started before the node's runtime), printing a line with
 * the cause and what to check every {@code lineInterval}. Retries after 0.5 s, 1 s, 2 s ... up to 5 s.
 *
 * <pre>{@code
 * RuntimeWait wait = new RuntimeWait(choice, Optional.of(Duration.ofSeconds(10)), Duration.ofSeconds(30), System.out);
 * Optional<ContainerRuntime> runtime = wait.await();   // empty: none answered in time, see wait.failure()
 * }</pre>
 */
final class RuntimeWait {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeWait.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    private final RuntimeChoice choice;
    private final Optional<Duration> timeout;
    private final Duration lineInterval;
    private final PrintStream out;
    private String lastCause = "not tried";

    /**
     * @param choice       which runtime to try
     * @param timeout      how long to wait at most; empty = until it answers
     * @param lineInterval time between "waiting" lines
     * @param out          where those lines go (the progress stream)
     */
    RuntimeWait(RuntimeChoice choice, Optional<Duration> timeout, Duration lineInterval, PrintStream out) {
        this.choice = choice;
        this.timeout = timeout;
        this.lineInterval = lineInterval;
        this.out = out;
    }

    /**
     * @return the runtime, answering; empty if the timeout ran out first
     * @throws InterruptedException if the probe is stopped while waiting
     */
    Optional<ContainerRuntime> await() throws InterruptedException {
        long start = System.nanoTime();
        long nextLine = start;
        Duration retry = FIRST_RETRY;
        while (true) {
            Optional<ContainerRuntime> runtime = tryOnce();
            if (runtime.isPresent()) {
                return runtime;
            }
            long now = System.nanoTime();
            Duration waited = Duration.ofNanos(now - start);
            if (timeout.isPresent() && waited.compareTo(timeout.get()) >= 0) {
                return Optional.empty();
            }
            if (now - nextLine >= 0) {
                out.println(Instant.now() + " waiting for a container runtime (" + waited.toSeconds() + " s): "
                        + lastCause + "; " + choice.hint());
                nextLine = now + lineInterval.toNanos();
            }
            Duration sleep = retry;
            if (timeout.isPresent() && timeout.get().minus(waited).compareTo(retry) < 0) {
                sleep = timeout.get().minus(waited);
            }
            Thread.sleep(Math.max(1, sleep.toMillis()));
            retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
        }
    }

    /** @return why the last try failed */
    String failure() {
        return lastCause;
    }

    private Optional<ContainerRuntime> tryOnce() {
        Optional<ContainerRuntime> candidate = choice.candidate();
        if (candidate.isEmpty()) {
            lastCause = choice.absence();
            return Optional.empty();
        }
        ContainerRuntime runtime = candidate.get();
        try {
            runtime.ping();
            return candidate;
        } catch (SourceUnavailableException e) {
            lastCause = e.getMessage();
            close(runtime);
            return Optional.empty();
        }
    }

    private static void close(ContainerRuntime runtime) {
        try {
            runtime.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", runtime.describe(), e);
        }
    }
}
