package eu.atmosphere.tmaf.monitor.server.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether Kafka can take messages right now, from two signals: a background check, every
 * {@link #INTERVAL}, that the cluster answers and the topic exists, and the outcome of the
 * latest publish (see {@link PublishOutcomes}: a cluster that describes the topic may still
 * refuse writes). The request path reads the cached answer, so a dead cluster turns into fast
 * 503s instead of requests waiting for the full Kafka timeout, and {@code /health/ready} costs
 * nothing.
 */
public final class KafkaReadiness implements AutoCloseable {

    /** Time between checks. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

    private final Admin admin;
    private final String topic;
    /** What a check that got no answer says: the address tried, how long, what to check. */
    private final String noAnswer;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> checks;
    private final PublishOutcomes publishes = new PublishOutcomes(System::nanoTime);
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
    private volatile String problem = "not checked yet";

    /**
     * Checks once right away (bounded by {@code timeout}), then every {@link #INTERVAL}.
     *
     * @param bootstrapServers the cluster
     * @param topic            the topic that must exist
     * @param settings         the operator's Kafka client settings (security, TLS)
     * @param timeout          longest one check may take
     */
    public KafkaReadiness(String bootstrapServers, String topic, KafkaClientSettings settings, Duration timeout) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tma-monitor-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(settings.applyTo(config, AdminClientConfig.configNames()));
        this.topic = topic;
        this.noAnswer = "no answer from Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
                + " s: check that its brokers run and this host reaches them there (and at the addresses they "
                + "advertise), with the security.protocol of their listener (here "
                + settings.values().getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT") + ")";
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-readiness");
            t.setDaemon(true);
            return t;
        });
        check(timeout);
        checks = scheduler.scheduleWithFixedDelay(() -> check(timeout), INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** @return whether the periodic check still runs (a check that threw, e.g. out of memory, ends it) */
    public boolean alive() {
        return !checks.isDone();
    }

    /** @return whether the cluster is reachable, the topic present and the latest publish acknowledged */
    public boolean ready() {
        return problem == null && !publishes.failing();
    }

    /**
     * @return whether a publishing request should be handed to Kafka now; while publishes fail,
     *         one trial request per second is, so that recovery is noticed
     */
    public boolean admits() {
        return problem == null && publishes.admits();
    }

    /** @return why Kafka is not ready, or null when it is */
    public String problem() {
        return problem != null ? problem : publishes.problem();
    }

    /**
     * @param action run once, on the checking thread, when the cluster was first found reachable with the
     *               topic present (at once, on this thread, if it was already)
     */
    public void whenFirstReady(Runnable action) {
        firstReady.thenRun(action);
    }

    /** Kafka acknowledged a publish. */
    public void publishSucceeded() {
        publishes.succeeded();
    }

    /** @param reason why Kafka did not acknowledge a publish (it could not take it, not that it was refused as too large) */
    public void publishFailed(String reason) {
        publishes.failed(reason);
    }

    private void check(Duration timeout) {
        String found;
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            found = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            found = "topic " + topic + " unreachable: " + reason(e.getCause() == null ? e : e.getCause());
        }
        if (found == null && problem != null) {
            LOG.info("Kafka ready: topic {} reachable", topic);
            problem = null;
            firstReady.complete(null);
        } else if (found != null && !found.equals(problem)) {
            LOG.warn("Kafka not ready: {}", found);
        }
        problem = found;
    }

    /**
     * Kafka's own words for a refused login or permission (they name the mechanism or the
     * resource, never a secret), what was tried for no answer, else the kind of failure.
     */
    private String reason(Throwable cause) {
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return noAnswer;
        }
        if (cause instanceof AuthenticationException) {
            return "Kafka refused the monitor's credentials (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + ")";
        }
        if (cause instanceof AuthorizationException) {
            return "Kafka denied the monitor access (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + ")";
        }
        return cause.getClass().getSimpleName();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
