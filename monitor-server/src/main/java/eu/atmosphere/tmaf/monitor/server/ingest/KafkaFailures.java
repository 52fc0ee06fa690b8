package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.http.Problem;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a failed or late Kafka send means for the client: a record too large for the cluster is
 * the request's fault (413); anything else means Kafka could not take it now (503 with
 * Retry-After, outcome unknown; non-retriable causes are logged as errors for the operators).
 */
final class KafkaFailures {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFailures.class);

    private KafkaFailures() {
    }

    static Problem problem(Throwable failure, IngestSettings config, String requestId) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RecordTooLargeException) {
            return Problem.of(413, "payload-too-large", "Payload too large",
                    "a message is larger than the Kafka cluster accepts; nothing more of this request will be stored");
        }
        if (cause instanceof RetriableException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            LOG.warn("requestId={} Kafka could not take the records: {}", requestId, cause.toString());
        } else {
            LOG.error("requestId={} Kafka refused the records", requestId, cause);
        }
        return unknownOutcome("Kafka did not acknowledge the messages (" + cause.getClass().getSimpleName() + ")",
                config);
    }

    /**
     * @param config the ingest settings (Retry-After)
     * @return the 503 of a request whose records Kafka did not acknowledge within the Kafka timeout
     */
    static Problem late(IngestSettings config) {
        return unknownOutcome("Kafka did not acknowledge in time", config);
    }

    private static Problem unknownOutcome(String what, IngestSettings config) {
        return Problem.of(503, "unavailable", "Service unavailable", what + "; the messages with a receipt are stored,"
                + " the others may or may not be: resend those later (an identical resend joins the record Kafka"
                + " still has)").withHeader("Retry-After", Long.toString(config.retryAfter().toSeconds()));
    }
}
