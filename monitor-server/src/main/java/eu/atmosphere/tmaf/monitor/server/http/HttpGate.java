package eu.atmosphere.tmaf.monitor.server.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.CloseType;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request passes before a worker thread or the application sees it, on the selector
 * thread that parsed its head:
 * <ol>
 *   <li>While the server shuts down: 503 problem+json with Retry-After, connection closed.</li>
 *   <li>A client that pipelines requests without reading the answers: once more than
 *       {@code maxUnsentBytes} of answers wait unsent on its connection, the connection is closed
 *       instead of parsing another request (answers would pile up in memory).</li>
 *   <li>{@link RequestRules}: ambiguous framing, malformed headers, request-target or Host → 400,
 *       unreadable media types, or the wrong one on the validator → 415; problem+json, connection closed.
 *       Otherwise the request's {@link RequestHead} is set for everything after.</li>
 *   <li>{@link Route#open() Open routes} (everything but {@code /monitor} and the cheap {@code /health/*}: the validator,
 *       token endpoint, page, schema, and {@code /metrics}, whose JVM thread metrics cost real CPU)
 *       share {@code openConcurrency} slots; a request
 *       beyond them is answered 503 with Retry-After at once, so anonymous traffic can never hold
 *       more than that many worker threads (authenticated publishing keeps the rest).</li>
 * </ol>
 * Each refusal is logged once (with the request id, control characters escaped) and reported to
 * {@code refused} with its reason, for {@code /metrics}.
 *
 * <pre>{@code
 * HttpGate gate = new HttpGate(8, 64 * 1024, Duration.ofSeconds(5), stopping::get, metrics::rejected);
 * networkListener.registerAddOn(gate);   // before the server starts
 * }</pre>
 */
public final class HttpGate implements AddOn {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGate.class);
    private static final String ADMITTED = HttpGate.class.getName() + ".admitted";
    private static final Attribute<Boolean> CLOSING =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpGate.class.getName() + ".closing");
    private static final Attribute<Slots> OPEN_SLOTS =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpGate.class.getName() + ".open-slots");

    private final int openConcurrency;
    private final Semaphore openSlots;
    private final long maxUnsentBytes;
    private final String retryAfterSeconds;
    private final BooleanSupplier stopping;
    private final Consumer<String> refused;

    /**
     * @param openConcurrency most requests on open routes handled at once
     * @param maxUnsentBytes  most bytes of answers that may wait unsent on one connection before it is closed
     * @param retryAfter      advertised with a 503
     * @param stopping        whether the server shuts down
     * @param refused         told the reason of every refusal
     */
    public HttpGate(int openConcurrency, long maxUnsentBytes, Duration retryAfter, BooleanSupplier stopping,
                    Consumer<String> refused) {
        this.openConcurrency = openConcurrency;
        this.openSlots = new Semaphore(openConcurrency);
        this.maxUnsentBytes = maxUnsentBytes;
        this.retryAfterSeconds = Long.toString(retryAfter.toSeconds());
        this.stopping = stopping;
        this.refused = refused;
    }

    /**
     * Makes the gate drop whatever else arrives on the connection (it is closed once its answer is written).
     *
     * @param connection a connection whose request could not be parsed
     */
    static void closeAfterAnswer(Connection<?> connection) {
        CLOSING.set(connection, Boolean.TRUE);
    }

    /**
     * @param connection a connection
     * @return whether it is being closed after a refusal (nothing more on it is handled)
     */
    static boolean isClosing(Connection<?> connection) {
        return CLOSING.isSet(connection);
    }

    /** @return open-route requests being handled now */
    public int openInUse() {
        return openConcurrency - openSlots.availablePermits();
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        builder.set(codec, new StrictHttpCodec(listener, (HttpServerFilter) builder.get(codec), refused));
        builder.add(codec + 1, new Gate());
    }

    private final class Gate extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Connection<?> connection = ctx.getConnection();
            if (CLOSING.isSet(connection) || !connection.isOpen()) {
                // pipelined requests still buffered for a connection that is gone: nobody would read the answers
                return ctx.getStopAction();
            }
            if (!(ctx.getMessage() instanceof HttpContent content)
                    || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                    || request.getAttribute(ADMITTED) != null) {
                return ctx.getInvokeAction();
            }
            request.setAttribute(ADMITTED, Boolean.TRUE);
            if (stopping.getAsBoolean()) {
                return refuse(ctx, request, Problem.of(503, "shutting-down", "Service unavailable",
                        "the server is shutting down; nothing of this request was stored, send it again (another "
                                + "replica will answer)").withHeader("Retry-After", retryAfterSeconds)
                        .withMember("stored", "none"));
            }
            if (connection instanceof NIOConnection nio && nio.getAsyncWriteQueue().spaceInBytes() > maxUnsentBytes) {
                LOG.info("closing connection from {}: {} bytes of answers unread (pipelining without reading)",
                        connection.getPeerAddress(), nio.getAsyncWriteQueue().spaceInBytes());
                refused.accept("unread-answers");
                CLOSING.set(connection, Boolean.TRUE);
                connection.closeSilently();
                return ctx.getStopAction();
            }
            RequestHead head;
            try {
                head = RequestRules.read(request);
            } catch (ProblemException e) {
                return refuse(ctx, request, e.problem());
            }
            request.setAttribute(RequestHead.ATTRIBUTE, head);
            request.setHeader(RequestIds.HEADER, head.requestId());
            if (head.route().open()) {
                if (!openSlots.tryAcquire()) {
                    return refuse(ctx, request, Problem.of(503, "busy", "Service unavailable",
                            "too many requests on open routes (validator, token, page, schema) at once; retry later")
                            .withHeader("Retry-After", retryAfterSeconds).withMember("stored", "none"));
                }
                slotsOf(connection).held.incrementAndGet();
            }
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            Slots slots = OPEN_SLOTS.get(ctx.getConnection());
            if (event == HttpServerFilter.RESPONSE_COMPLETE_EVENT && slots != null) {
                slots.releaseOne();
            }
            return ctx.getInvokeAction();
        }

    }

    /**
     * The open-route slots a connection holds (more than one when it pipelines requests): one is
     * released when an answer is complete, all when the connection closes.
     */
    private final class Slots {
        private final AtomicInteger held = new AtomicInteger();

        void releaseOne() {
            if (held.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                openSlots.release();
            }
        }

        void releaseAll() {
            int all = held.getAndSet(0);
            if (all > 0) {
                openSlots.release(all);
            }
        }
    }

    private Slots slotsOf(Connection<?> connection) {
        Slots slots = OPEN_SLOTS.get(connection);
        if (slots == null) {
            Slots created = new Slots();
            OPEN_SLOTS.set(connection, created);
            // Grizzly does not pass every close through the filter chain (e.g. one while a request is being handled)
            connection.addCloseListener((CloseListener<Closeable, CloseType>) (closeable, type) -> created.releaseAll());
            slots = created;
        }
        return slots;
    }

    /** Answers the problem, then closes the connection (what follows on it cannot be trusted to be framed right). */
    private NextAction refuse(FilterChainContext ctx, HttpRequestPacket request, Problem problem) {
        Connection<?> connection = ctx.getConnection();
        String requestId = RequestIds.keepOrCreate(request.getHeader(RequestIds.HEADER));
        LOG.info("requestId={} refused status={} reason={} request=\"{} {}\" from {}: {}", requestId, problem.status(),
                problem.slug(), LogSafe.escape(request.getMethod().getMethodString()),
                LogSafe.escape(request.getRequestURIRef().getOriginalRequestURIBC().toString()),
                connection.getPeerAddress(), LogSafe.escape(problem.detail()));
        refused.accept(problem.slug());
        CLOSING.set(connection, Boolean.TRUE);
        request.getProcessingState().setKeepAlive(false);
        HttpResponsePacket response = request.getResponse() != null ? request.getResponse()
                : HttpResponsePacket.builder(request).build();
        response.setStatus(HttpStatus.getHttpStatus(problem.status()));
        response.setContentType(Problem.MEDIA_TYPE);
        byte[] body = problem.json(requestId);
        response.setContentLength(body.length);
        response.setHeader(RequestIds.HEADER, requestId);
        problem.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setHeader("Connection", "close");
        HttpContent answer = HttpContent.builder(response)
                .content(Buffers.wrap(connection.getMemoryManager(), body)).last(true).build();
        ctx.write(answer, new CloseAfterWrite(connection));
        return ctx.getStopAction();
    }
}
