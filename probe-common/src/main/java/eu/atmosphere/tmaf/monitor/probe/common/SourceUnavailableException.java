package eu.atmosphere.tmaf.monitor.probe.common;

/**
 * Thrown by a {@link Sampler} whose data source (e.g. the Docker daemon) cannot be reached: the round
 * is retried with backoff instead of waiting a whole interval, and does not count.
 */
public final class SourceUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached
     * @param cause   why
     */
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
