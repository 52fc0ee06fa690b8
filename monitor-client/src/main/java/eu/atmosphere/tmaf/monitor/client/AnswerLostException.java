package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;

/**
 * A request failed after it was sent: the monitor may have stored its messages (see
 * {@link StoreReport#answerLost}). The cause is the IO error itself.
 */
final class AnswerLostException extends IOException {

    private static final long serialVersionUID = 1L;

    AnswerLostException(IOException cause) {
        super(cause.getMessage(), cause);
    }

    /** @return the IO error as {@link Diagnosis} reads it: the cause of an {@link AnswerLostException}, else itself */
    static IOException unwrap(IOException e) {
        return e instanceof AnswerLostException ? (IOException) e.getCause() : e;
    }
}
