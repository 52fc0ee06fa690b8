package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.auth.AuthenticatedProbe;
import eu.atmosphere.tmaf.monitor.server.auth.Authentication;
import eu.atmosphere.tmaf.monitor.server.http.Answer;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.http.RequestIds;
import eu.atmosphere.tmaf.monitor.server.http.UnexpectedErrorMapper;
import eu.atmosphere.tmaf.monitor.server.http.WebErrorMapper;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /monitor} (exactly that path, any query string) without Jersey, and passes
 * every other request unchanged to Jersey's handler: Jersey's per-request machinery (routing, HK2
 * request scope, injection, filters, the response writer chain) cost a third of the server's CPU
 * on single messages, see the module README. What Jersey's filters and mappers do for this route
 * happens here by the same code: the request id ({@link RequestIds#keepOrCreate}), authentication
 * ({@link Authentication}), the route's request metrics, the 415 of JAX-RS' {@code @Consumes} and the
 * 400 of an unreadable Accept header ({@link WebErrorMapper#problem}), the 500 of an unexpected fault
 * ({@link UnexpectedErrorMapper#problem}); the rest is {@link Ingest}, shared with {@link IngestResource}.
 *
 * <pre>{@code
 * serverConfiguration.addHttpHandler(new IngestHandler(jerseyHandler, ingest, authentication, metrics), "/");
 * }</pre>
 */
public final class IngestHandler extends HttpHandler {

    /** The path served here; any other spelling (e.g. {@code /monitor/}) is Jersey's. */
    public static final String PATH = "/monitor";

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final HttpHandler jersey;
    private final Ingest ingest;
    private final Authentication authentication;
    private final MonitorMetrics metrics;

    /**
     * @param jersey         serves every other request
     * @param ingest         what to do with a message
     * @param authentication the probes' authentication; null in anonymous mode
     * @param metrics        counts answers by route and status
     */
    public IngestHandler(HttpHandler jersey, Ingest ingest, Authentication authentication, MonitorMetrics metrics) {
        this.jersey = jersey;
        this.ingest = ingest;
        this.authentication = authentication;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getMethod() != Method.POST || !PATH.equals(request.getRequestURI())) {
            jersey.service(request, response);
            return;
        }
        String requestId = RequestIds.keepOrCreate(header(request, RequestIds.HEADER));
        Exchange exchange = new Exchange(response, requestId);
        try {
            AuthenticatedProbe probe = authentication == null ? null
                    : authentication.probe(header(request, "Authorization"), requestId);
            String contentType = header(request, "Content-Type");
            requireConsumable(contentType);
            ingest.handle(new Ingest.Request(request.getInputStream(), requestId,
                    new BodyHeaders(contentType, header(request, "Content-Encoding"), header(request, "Content-Length")),
                    header(request, "Accept"), header(request, "User-Agent")), probe, exchange);
        } catch (ProblemException e) {
            exchange.answer(e.problem().answer(requestId));
        } catch (RuntimeException e) {
            exchange.answer(UnexpectedErrorMapper.problem(e, requestId).answer(requestId));
        }
    }

    /** JAX-RS' {@code @Consumes(application/json)}: 415 for a body of another type, 400 for an unreadable type. */
    private static void requireConsumable(String contentType) {
        if (contentType == null) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(WebErrorMapper.problem(Status.BAD_REQUEST));
        }
        if (!type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new ProblemException(WebErrorMapper.problem(Status.UNSUPPORTED_MEDIA_TYPE));
        }
    }

    /** @return all values of the header joined with commas (as JAX-RS' getHeaderString), or null if absent */
    private static String header(Request request, String name) {
        Iterator<String> values = request.getHeaders(name).iterator();
        if (!values.hasNext()) {
            return null;
        }
        String first = values.next();
        if (!values.hasNext()) {
            return first;
        }
        StringBuilder joined = new StringBuilder(first);
        values.forEachRemaining(value -> joined.append(',').append(value));
        return joined.toString();
    }

    /**
     * The Grizzly response of one request: answered at once on the worker thread, or suspended while
     * Kafka works and resumed from its callback or the timeout, whichever comes first.
     */
    private final class Exchange implements IngestExchange {

        private final Response response;
        private final String requestId;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile boolean suspended;

        Exchange(Response response, String requestId) {
            this.response = response;
            this.requestId = requestId;
        }

        @Override
        public void answer(Answer answer) {
            if (answered.compareAndSet(false, true)) {
                send(answer);
            }
        }

        @Override
        public void awaitKafka(long timeoutMillis, Supplier<Answer> late) {
            suspended = true;
            response.suspend(timeoutMillis, TimeUnit.MILLISECONDS, null, timedOut -> {
                if (answered.compareAndSet(false, true)) {
                    send(late.get());
                }
                return false;
            });
        }

        private void send(Answer answer) {
            metrics.request(PATH, answer.status());
            Status status = Status.fromStatusCode(answer.status());
            if (status == null) {
                response.setStatus(answer.status());
            } else {
                response.setStatus(answer.status(), status.getReasonPhrase());
            }
            response.setContentType(answer.contentType());
            response.setContentLength(answer.body().length);
            answer.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            response.setHeader(RequestIds.HEADER, requestId);
            try {
                response.getOutputStream().write(answer.body());
            } catch (IOException gone) {
                LOG.debug("requestId={} answer not sent: {}", requestId, gone.toString());
            } finally {
                if (suspended) {
                    response.resume();
                }
            }
        }
    }
}
