package eu.atmosphere.tmaf.monitor.server.kafka;

import java.time.Duration;

/**
 * What the {@link KafkaPublisher} needs to know: where to publish, how long Kafka may take, and the
 * sizes its producer must hold.
 *
 * <pre>{@code
 * new KafkaPublisher(new PublisherSettings("127.0.0.1:9092", "topic-monitor", Duration.ofSeconds(30),
 *         64 << 20, 1 << 20, KafkaClientSettings.none()));
 * }</pre>
 *
 * @param bootstrapServers the Kafka cluster
 * @param topic            where every message becomes one record
 * @param timeout          longest time from handing a record to the producer to its acknowledgement or failure
 * @param maxInFlightBytes request bytes the server holds at once (the producer buffers at most these)
 * @param maxBodyBytes     largest request body (the largest record, and producer request, hold one)
 * @param clientSettings   the operator's settings for the Kafka clients (security, tuning)
 */
public record PublisherSettings(String bootstrapServers, String topic, Duration timeout, long maxInFlightBytes,
                                int maxBodyBytes, KafkaClientSettings clientSettings) {
}
