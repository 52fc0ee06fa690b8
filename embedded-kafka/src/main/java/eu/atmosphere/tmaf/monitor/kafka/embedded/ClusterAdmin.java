package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Talks to a running embedded cluster through Kafka's own {@link Admin} client: checks that it
 * answers and creates topics. Every call is bounded by the given timeout.
 */
final class ClusterAdmin {

    private static final long POLL_MILLIS = 50;

    private ClusterAdmin() {
    }

    /**
     * Waits until the cluster answers {@code describeCluster} with at least {@code brokers} live
     * brokers.
     *
     * @throws EmbeddedKafkaException if that does not happen within {@code timeout}
     */
    static void awaitBrokers(String bootstrapServers, int brokers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        int seen = 0;
        try (Admin admin = admin(bootstrapServers, timeout)) {
            while (true) {
                try {
                    seen = get(admin.describeCluster().nodes(), deadline).size();
                    if (seen >= brokers) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastError = e;
                }
                if (remainingMillis(deadline) <= 0) {
                    throw new EmbeddedKafkaException("Kafka at " + bootstrapServers + " did not report " + brokers
                            + " live broker(s) within " + timeout.toMillis() + " ms (last seen: " + seen + ")",
                            lastError);
                }
                sleep(POLL_MILLIS);
            }
        }
    }

    /**
     * Creates a topic with the brokers' default replication factor, or does nothing if it exists
     * already (whatever its partition count), then waits until every partition has a leader.
     *
     * @throws EmbeddedKafkaException if the topic cannot be created or gets no leaders within
     *                                {@code timeout}
     */
    static void createTopic(String bootstrapServers, String name, int partitions, Duration timeout) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(bootstrapServers, timeout)) {
            NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty());
            try {
                get(admin.createTopics(List.of(topic)).all(), deadline);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new EmbeddedKafkaException("cannot create topic " + name + " on " + bootstrapServers
                            + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new EmbeddedKafkaException("creating topic " + name + " on " + bootstrapServers
                        + " took longer than " + timeout.toMillis() + " ms", e);
            }
            awaitLeaders(admin, name, deadline, timeout);
        }
    }

    private static void awaitLeaders(Admin admin, String name, long deadline, Duration timeout) {
        Exception lastError = null;
        while (remainingMillis(deadline) > 0) {
            try {
                Map<String, TopicDescription> topics = get(admin.describeTopics(List.of(name)).allTopicNames(), deadline);
                if (topics.get(name).partitions().stream().map(TopicPartitionInfo::leader).allMatch(Objects::nonNull)) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                lastError = e;
            }
            sleep(POLL_MILLIS);
        }
        throw new EmbeddedKafkaException("topic " + name + " has partitions without a leader after "
                + timeout.toMillis() + " ms", lastError);
    }

    private static Admin admin(String bootstrapServers, Duration timeout) {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMillis, 5_000)));
    }

    /** Waits for {@code future} until the deadline; turns an interrupt into an exception. */
    private static <T> T get(KafkaFuture<T> future, long deadlineNanos) throws ExecutionException, TimeoutException {
        try {
            return future.get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while waiting for Kafka", e);
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while waiting for Kafka", e);
        }
    }
}
