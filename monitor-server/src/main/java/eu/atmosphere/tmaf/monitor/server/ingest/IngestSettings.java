package eu.atmosphere.tmaf.monitor.server.ingest;

import java.time.Duration;

/**
 * The limits and answers of {@link Ingest} and {@link ValidateResource}.
 *
 * <pre>{@code
 * new IngestSettings(1 << 20, 10_000, Duration.ofSeconds(30), Duration.ofSeconds(5), true, LegacyInvalidAnswer.OFF);
 * }</pre>
 *
 * @param maxBodyBytes        largest body, decompressed (413 beyond)
 * @param maxBatchItems       most messages in a batch (413 beyond)
 * @param kafkaTimeout        longest wait for Kafka's acknowledgement (503 beyond)
 * @param retryAfter          advertised with a 503
 * @param authentication      whether probes must authenticate (a request without a probe is then refused)
 * @param legacyInvalidAnswer which clients get an invalid message answered as the original monitor did
 */
public record IngestSettings(int maxBodyBytes, int maxBatchItems, Duration kafkaTimeout, Duration retryAfter,
                             boolean authentication, LegacyInvalidAnswer legacyInvalidAnswer) {
}
