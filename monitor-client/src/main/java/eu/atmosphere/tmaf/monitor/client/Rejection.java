package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Message;
import java.util.List;

/**
 * A message the monitor refused for good ({@code 400}, {@code 401} after renewing the token,
 * {@code 403}, {@code 413} or another status that is not retried). It will not be sent again.
 *
 * @param message    the message as it was sent (with its {@code messageId})
 * @param status     the HTTP status of the refusal
 * @param problem    the monitor's explanation of the whole request
 * @param violations the violations of this message (pointers as the monitor reported them; see
 *                   {@link Problem.Violation#messagePointer()}); empty if the refusal was not about
 *                   the content
 */
public record Rejection(Message message, int status, Problem problem, List<Problem.Violation> violations) {

    /**
     * Copies the violations.
     *
     * @param message see the record component
     * @param status see the record component
     * @param problem see the record component
     * @param violations see the record component
     */
    public Rejection {
        violations = List.copyOf(violations);
    }
}
