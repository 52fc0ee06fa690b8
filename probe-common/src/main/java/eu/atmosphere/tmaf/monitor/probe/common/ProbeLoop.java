package eu.atmosphere.tmaf.monitor.probe.common;

import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.client.ClientConfig;
import eu.atmosphere.tmaf.monitor.client.ClientStats;
import eu.atmosphere.tmaf.monitor.message.Message;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a probe: every interval asks the {@link Sampler} for samples and sends each as one message
 * through a {@link BackgroundClient}; prints a progress line periodically and at the end; after
 * {@code count} rounds (or when the JVM is told to stop) delivers what is left and returns the exit
 * code.
 *
 * <ul>
 * <li>A round whose source is unavailable ({@link SourceUnavailableException}) or that fails
 *     unexpectedly does not count; it is retried after 1 s, 2 s, 4 s ... up to 60 s (20 % jitter). The
 *     loop never ends because of a failing source.</li>
 * <li>Exit code {@value #EXIT_OK} only if every message was accepted by the monitor; {@value #EXIT_UNDELIVERED}
 *     if any was refused, dropped, or still undelivered when the drain timeout ran out.</li>
 * </ul>
 *
 * <pre>{@code
 * int exit = new ProbeLoop(clientOptions.config(OptionalLong.empty()), clientOptions.drainTimeout(), loopOptions,
 *         System.out).run(sampler);
 * }</pre>
 */
public final class ProbeLoop {

    /** Every message was accepted. */
    public static final int EXIT_OK = 0;
    /** Some message was refused, dropped or not delivered in time. */
    public static final int EXIT_UNDELIVERED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ProbeLoop.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(60);
    private static final double JITTER = 0.2;
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(2);
    private static final Duration DRAIN_POLL = Duration.ofMillis(50);

    private final ClientConfig config;
    private final Duration drainTimeout;
    private final LoopOptions options;
    private final PrintStream out;
    private volatile boolean stopping;
    private long rounds;
    private long messages;
    private int failures;

    /**
     * @param config       the monitor client's configuration
     * @param drainTimeout how long to keep delivering when the loop ends
     * @param options      interval, count and progress interval
     * @param out          where progress lines go
     */
    public ProbeLoop(ClientConfig config, Duration drainTimeout, LoopOptions options, PrintStream out) {
        this.config = Objects.requireNonNull(config, "config");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
        options.validate();
    }

    /**
     * Runs until {@code count} rounds are done or the JVM shuts down.
     *
     * @param sampler takes the samples of one round
     * @return {@link #EXIT_OK} or {@link #EXIT_UNDELIVERED}
     */
    public int run(Sampler sampler) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = stopOnShutdown(Thread.currentThread(), finished);
        try {
            return loop(sampler);
        } finally {
            finished.countDown();
            removeHook(hook);
        }
    }

    private int loop(Sampler sampler) {
        BackgroundClient client = new BackgroundClient(config);
        client.start();
        Instant nextProgress = Instant.now().plus(options.progressInterval());
        try {
            while (!stopping) {
                Duration delay = round(sampler, client);
                if (options.count() > 0 && rounds >= options.count()) {
                    break;
                }
                if (!Instant.now().isBefore(nextProgress)) {
                    out.println(ProgressLine.format(Instant.now(), rounds, messages, client.stats()));
                    nextProgress = Instant.now().plus(options.progressInterval());
                }
                Thread.sleep(delay.toMillis());
            }
        } catch (InterruptedException e) {
            LOG.info("Stopping after {} rounds", rounds);
        }
        boolean delivered = client.stop(drainTimeout) || stopping && awaitShutdownDrain(client);
        ClientStats stats = client.stats();
        out.println(ProgressLine.format(Instant.now(), rounds, messages, stats));
        return delivered && stats.notStored().isEmpty() ? EXIT_OK : EXIT_UNDELIVERED;
    }

    /**
     * At JVM shutdown the client's own shutdown hook may have begun draining first, and then
     * {@code stop} returns at once: wait for that drain so the last progress line is true.
     *
     * @return whether nothing is left undelivered
     */
    private boolean awaitShutdownDrain(BackgroundClient client) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (client.stats().queued() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return client.stats().queued() == 0;
    }

    /** @return the delay before the next round */
    private Duration round(Sampler sampler, BackgroundClient client) throws InterruptedException {
        List<Sample> samples;
        try {
            samples = sampler.sample();
        } catch (SourceUnavailableException e) {
            return failed(e.getMessage(), e);
        } catch (RuntimeException e) {
            return failed("unexpected " + e, e);
        }
        if (failures > 0) {
            LOG.info("The source answers again after {} failed rounds", failures);
            failures = 0;
        }
        for (Sample sample : samples) {
            Message message = client.createMessage();
            message.setResourceId(sample.resourceId());
            message.setData(sample.data());
            client.send(message);
            messages++;
        }
        rounds++;
        return options.interval();
    }

    private Duration failed(String reason, Exception e) {
        failures++;
        long exponent = Math.min(failures - 1, 16);
        long millis = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << exponent);
        Duration delay = Duration.ofMillis((long) (millis * (1 - JITTER * ThreadLocalRandom.current().nextDouble())));
        if (failures == 1) {
            LOG.warn("Round failed: {}; retrying in {} ms (then backing off up to {} s)", reason, delay.toMillis(),
                    LONGEST_RETRY.toSeconds(), e instanceof RuntimeException ? e : null);
        } else {
            LOG.debug("Round failed again ({} times): {}; retrying in {} ms", failures, reason, delay.toMillis());
        }
        return delay;
    }

    /** On SIGTERM/SIGINT: ends the loop and waits (bounded) until it delivered and printed its last line. */
    private Thread stopOnShutdown(Thread loop, CountDownLatch finished) {
        Thread hook = new Thread(() -> {
            stopping = true;
            loop.interrupt();
            try {
                finished.await(drainTimeout.toMillis() + SHUTDOWN_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "probe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            LOG.trace("the JVM is already shutting down", e);
        }
    }
}
