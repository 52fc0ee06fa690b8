package eu.atmosphere.tmaf.monitor.server.http;

/**
 * Answers requests of a route of the {@link Pipeline} without Jersey: called on a worker thread
 * once the request's body is complete and its probe authenticated, it answers through the
 * {@link Exchange}, at once or later from another thread.
 *
 * <pre>{@code
 * ExchangeHandler hello = exchange -> exchange.answer(Answer.of(200, "text/plain", "hello"));
 * }</pre>
 */
@FunctionalInterface
public interface ExchangeHandler {

    /**
     * @param exchange the request, to be answered exactly once
     * @throws ProblemException to answer with a problem at once
     */
    void handle(Exchange exchange);
}
