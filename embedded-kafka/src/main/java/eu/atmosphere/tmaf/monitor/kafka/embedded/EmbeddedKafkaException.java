package eu.atmosphere.tmaf.monitor.kafka.embedded;

/**
 * Thrown when an embedded Kafka broker cannot be formatted, started, reached or stopped, or when
 * a topic operation against it fails. The message says which node and which step failed.
 */
public class EmbeddedKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the underlying failure, may be {@code null}
     */
    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed
     */
    public EmbeddedKafkaException(String message) {
        super(message);
    }
}
