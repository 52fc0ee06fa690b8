package eu.atmosphere.tmaf.monitor.probe.docker;

/**
 * The container runtime answered but refused the data of one container (an error status other than
 * "not found"): that container is left out of the round, the others are sampled.
 */
final class ContainerRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused and the runtime's reason
     * @param cause   the client library's exception
     */
    ContainerRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
