package eu.atmosphere.tmaf.monitor.client;

import java.util.ArrayList;
import java.util.Collections;
import eu.atmosphere.tmaf.monitor.message.Message;
import java.util.List;

/**
 * A message the monitor refused for good ({@code 400}, {@code 401} after renewing the token,
 * {@code 403}, {@code 413} or another status that is not retried). It will not be sent again.
 */
public final class Rejection extends Value {

    private final Message message;
    private final int status;
    private final Problem problem;
    private final List<Problem.Violation> violations;

    /**
     * Copies the violations.
     *
     * @param message the message as it was sent (with its {@code messageId})
     * @param status the HTTP status of the refusal
     * @param problem the monitor's explanation of the whole request
     * @param violations the violations of this message (pointers as the monitor reported them; see {@link Problem.Violation#messagePointer()}); empty if the refusal was not about the content
     */
    public Rejection(Message message, int status, Problem problem, List<Problem.Violation> violations) {
        violations = Collections.unmodifiableList(new ArrayList<>(violations));

        this.message = message;
        this.status = status;
        this.problem = problem;
        this.violations = violations;
    }

    /** @return the message as it was sent (with its {@code messageId}) */
    public Message message() {
        return message;
    }

    /** @return the HTTP status of the refusal */
    public int status() {
        return status;
    }

    /** @return the monitor's explanation of the whole request */
    public Problem problem() {
        return problem;
    }

    /** @return the violations of this message (pointers as the monitor reported them; see {@link Problem.Violation#messagePointer()}); empty if the refusal was not about the content */
    public List<Problem.Violation> violations() {
        return violations;
    }

    @Override
    Object[] components() {
        return new Object[] {"message", message, "status", status, "problem", problem,
            "violations", violations};
    }
}
