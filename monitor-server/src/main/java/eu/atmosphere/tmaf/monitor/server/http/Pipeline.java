package eu.atmosphere.tmaf.monitor.server.http;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.ObjIntConsumer;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;

/**
 * The one request pipeline: every request the gate admitted ({@link HttpGate}, which read its
 * {@link RequestHead}) passes here, on a worker ({@code /health/*} on a thread of its own, so it
 * never queues behind other requests):
 * <ol>
 *   <li>its response is suspended with the body deadline of its route; the probe is
 *       authenticated where the route needs one (deny by default), before any byte of the body is
 *       read;</li>
 *   <li>its body is received without holding the thread ({@link BodyReader}: limit, budget): the
 *       worker returns at once and a worker picks the request up again when the whole body is in
 *       memory;</li>
 *   <li>then the request goes to its handler: the ingest for every spelling of {@code /monitor},
 *       Jersey for the rest;</li>
 *   <li>every answer, whoever gives it, is counted by route and status.</li>
 * </ol>
 * A worker never waits for a client's bytes.
 *
 * <pre>{@code
 * Pipeline pipeline = new Pipeline(new Pipeline.Routes(ingest, jerseyHandler, workers, healthThread),
 *         authenticator, new Pipeline.Limits(1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(10),
 *         Duration.ofSeconds(5)), new InFlightBudget(64 << 20), metrics::request);
 * serverConfiguration.addHttpHandler(pipeline, "/");
 * }</pre>
 */
public final class Pipeline extends HttpHandler {

    /**
     * Proves who sent a request on a route that needs a probe.
     */
    @FunctionalInterface
    public interface Authenticator {
        /**
         * @param head the request's head (its Authorization header)
         * @return the probe it proves
         * @throws ProblemException the challenge to answer (401, or 503 while verification is saturated)
         */
        Principal authenticate(RequestHead head);
    }

    /**
     * Who answers what.
     *
     * @param ingest  every request to {@link Route#INGEST}
     * @param jersey  every other request
     * @param workers runs handlers once a body is complete
     * @param health  runs {@code /health/*}, apart from everything else
     */
    public record Routes(ExchangeHandler ingest, HttpHandler jersey, Executor workers, Executor health) {
    }

    /**
     * The pipeline's limits.
     *
     * @param maxBodyBytes         largest body accepted, as received
     * @param bodyTimeout          longest time from the head to the last body byte
     * @param openRouteBodyTimeout the same on the open routes, if shorter
     * @param retryAfter           advertised with a 503
     */
    public record Limits(int maxBodyBytes, Duration bodyTimeout, Duration openRouteBodyTimeout, Duration retryAfter) {
    }

    private final Routes routes;
    private final Authenticator authenticator;
    private final Limits limits;
    private final String retryAfterSeconds;
    private final Duration openRouteBodyTimeout;
    private final InFlightBudget budget;
    private final ObjIntConsumer<String> answered;
    private final RequestExecutorProvider executors;

    /**
     * @param routes        who answers what
     * @param authenticator proves probes; null in anonymous mode
     * @param limits        body size and deadlines
     * @param budget        request bytes the server may hold at once
     * @param answered      told the route label and status of every answer
     */
    public Pipeline(Routes routes, Authenticator authenticator, Limits limits, InFlightBudget budget,
                    ObjIntConsumer<String> answered) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.limits = limits;
        this.retryAfterSeconds = Long.toString(limits.retryAfter().toSeconds());
        this.openRouteBodyTimeout = limits.openRouteBodyTimeout().compareTo(limits.bodyTimeout()) < 0
                ? limits.openRouteBodyTimeout() : limits.bodyTimeout();
        this.budget = budget;
        this.answered = answered;
        this.executors = request -> RequestHead.of(request).route().health() ? routes.health() : routes.workers();
    }

    @Override
    public void start() {
        routes.jersey().start();
    }

    @Override
    public void destroy() {
        routes.jersey().destroy();
    }

    /** @return the health thread for {@code /health/*}, the workers for everything else */
    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
    }

    @Override
    public void service(Request request, Response response) {
        RequestHead head = RequestHead.of(request);
        Exchange exchange = new Exchange(request, response, head, budget);
        Route route = head.route();
        exchange.suspend(route.open() ? openRouteBodyTimeout : limits.bodyTimeout(),
                () -> answered.accept(route.label(), exchange.status()));
        answerFailures(exchange, () -> {
            if (authenticator != null && route.needsProbe()) {
                exchange.authenticated(authenticator.authenticate(head));
            }
            if (head.hasBody()) {
                BodyReader.read(request.getNIOInputStream(), exchange, limits.maxBodyBytes(), retryAfterSeconds,
                        () -> dispatch(request, response, exchange));
            } else {
                dispatch(request, response, exchange);
            }
        });
    }

    /** Runs on the worker that served the head, or on the one Grizzly hands the completed body to. */
    private void dispatch(Request request, Response response, Exchange exchange) {
        if (!exchange.startHandling()) {
            return;
        }
        answerFailures(exchange, () -> {
            if (exchange.head().route() == Route.INGEST) {
                routes.ingest().handle(exchange);
            } else {
                routes.jersey().service(request, response);
            }
        });
    }

    /** Runs a step; a problem it throws is the answer, anything else a 500 (logged in full). */
    private static void answerFailures(Exchange exchange, Step step) {
        String requestId = exchange.head().requestId();
        try {
            step.run();
        } catch (ProblemException e) {
            exchange.answer(e.problem().answer(requestId));
        } catch (Exception | LinkageError | AssertionError e) {
            exchange.answer(UnexpectedErrorMapper.fault(e, requestId).answer(requestId));
        }
    }

    /** A step of the pipeline. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
