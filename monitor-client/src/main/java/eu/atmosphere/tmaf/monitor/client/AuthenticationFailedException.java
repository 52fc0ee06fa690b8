package eu.atmosphere.tmaf.monitor.client;

/** The monitor's auth endpoint answered with an error; the response tells whether to retry. */
final class AuthenticationFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Response response;

    AuthenticationFailedException(Response response) {
        super("authentication failed with HTTP " + response.status());
        this.response = response;
    }

    Response response() {
        return response;
    }
}
