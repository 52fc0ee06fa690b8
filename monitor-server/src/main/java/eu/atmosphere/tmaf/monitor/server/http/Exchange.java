package eu.atmosphere.tmaf.monitor.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.NIOTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way through the {@link Pipeline}: its head, its complete body, the probe it
 * authenticated as, and the one answer it gets. The response stays suspended from the moment the
 * head arrived until it is answered, so no thread waits for the body or for Kafka; an exchange
 * knows what it waits for and answers the timeout that fits: 408 while its body is late, the
 * handler's late answer while it awaits something else ({@link #awaitLater}). The first answer
 * wins, whichever thread gives it; later ones are ignored.
 *
 * <pre>{@code
 * // in an ExchangeHandler, on a worker thread, the body complete:
 * byte[] body = exchange.body().readAllBytes();             // never blocks
 * exchange.awaitLater(Duration.ofSeconds(32), () -> tooLate.answer(exchange.head().requestId()));
 * publish(body).whenComplete((ok, failure) -> exchange.answer(Answer.of(200, "text/plain", "0")));
 * }</pre>
 */
public final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private static final int RECEIVING = 0;
    private static final int HANDLING = 1;
    private static final int AWAITING = 2;
    private static final int DONE = 3;

    private final Request request;
    private final Response response;
    private final RequestHead head;
    private final InFlightBudget budget;
    private final AtomicInteger state = new AtomicInteger(RECEIVING);
    private final AtomicLong held = new AtomicLong();
    private volatile Principal probe;
    private volatile Supplier<Answer> late;

    /**
     * @param request  the Grizzly request
     * @param response its response
     * @param head     its head, as the gate read it
     * @param budget   where the bytes it holds are charged
     */
    Exchange(Request request, Response response, RequestHead head, InFlightBudget budget) {
        this.request = request;
        this.response = response;
        this.head = head;
        this.budget = budget;
    }

    /** @return the request's head */
    public RequestHead head() {
        return head;
    }

    /** @return the probe the request authenticated as; null on routes without credentials or in anonymous mode */
    public Principal probe() {
        return probe;
    }

    /** @return the request body as received (possibly gzip-compressed), complete: reading it never blocks */
    public InputStream body() {
        return request.getInputStream();
    }

    /**
     * Charges more bytes to the request (e.g. its decompressed body), released when it is answered.
     *
     * @param bytes bytes the request now holds in addition
     * @return whether they fit the server's budget; if not, nothing was charged
     */
    public boolean reserve(int bytes) {
        if (bytes <= 0) {
            return true;
        }
        if (!budget.tryAcquire(bytes)) {
            return false;
        }
        held.addAndGet(bytes);
        if (state.get() == DONE) {
            release();
        }
        return true;
    }

    /**
     * Waits without a thread for something else to answer (Kafka's callback), at most the timeout;
     * then {@code late} gives the answer.
     *
     * @param timeout longest wait
     * @param late    the answer when nothing else answered in time
     */
    public void awaitLater(Duration timeout, Supplier<Answer> late) {
        this.late = late;
        if (state.compareAndSet(HANDLING, AWAITING)) {
            response.getSuspendContext().setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends the answer, unless one was sent already; the request id header is the head's.
     *
     * @param answer status, headers and body
     * @return whether this answer was sent: {@code false} if another one was sent before
     */
    public boolean answer(Answer answer) {
        if (state.getAndSet(DONE) == DONE) {
            return false;
        }
        write(answer);
        return true;
    }

    /**
     * Writes the answer on the selector thread of the request's connection, whichever thread gave it: the I/O
     * stays with the thread that owns the connection, and Grizzly's request objects go back to the cache of the
     * thread that created them (recycled on another thread, they would be allocated anew for every request).
     */
    private void write(Answer answer) {
        Connection<?> connection = request.getContext().getConnection();
        if (connection instanceof NIOConnection nio && nio.getSelectorRunner() != null
                && nio.getTransport() instanceof NIOTransport transport) {
            transport.getSelectorHandler().enque(nio.getSelectorRunner(), () -> {
                writeNow(answer, connection);
                return true;
            }, new EmptyCompletionHandler<>() {
                @Override
                public void failed(Throwable selectorClosed) {
                    writeNow(answer, connection);
                }
            });
        } else {
            writeNow(answer, connection);
        }
    }

    private void writeNow(Answer answer, Connection<?> connection) {
        boolean close = answer.headers().getOrDefault("Connection", List.of()).contains("close");
        try {
            // on the packet: a status without a custom reason phrase is written from its prepared bytes
            response.getResponse().setStatus(StatusLines.of(answer.status()));
            response.setContentType(answer.contentType());
            response.setContentLength(answer.body().length);
            answer.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            if (close) {
                request.getRequest().getProcessingState().setKeepAlive(false);
            }
            // the answer's own bytes, not copied into a response buffer of 8 KiB
            response.getOutputBuffer().writeBuffer(Buffers.wrap(connection.getMemoryManager(), answer.body()));
        } catch (IOException | IllegalStateException gone) {
            LOG.debug("requestId={} answer not sent: {}", head.requestId(), gone.toString());
        } finally {
            response.resume();
            if (close) {
                // the rest of a refused body is not read: the connection ends once the answer is written
                connection.closeSilently();
            }
        }
    }

    /** Suspends the response until it is answered, with the body deadline; {@code completed} runs once it is. */
    void suspend(Duration bodyTimeout, Runnable completed) {
        response.setHeader(RequestIds.HEADER, head.requestId());
        response.suspend(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS, new EmptyCompletionHandler<>() {
            @Override
            public void completed(Response result) {
                ended(completed);
            }

            @Override
            public void cancelled() {
                ended(completed);
            }

            @Override
            public void failed(Throwable throwable) {
                ended(completed);
            }
        }, timedOut -> {
            timedOut();
            return false;
        });
    }

    /**
     * Charges the bytes received so far.
     *
     * @param total bytes of the body received in all
     * @return whether they fit the budget
     */
    boolean received(long total) {
        long more = total - held.get();
        return more <= 0 || reserve((int) more);
    }

    /** @return whether the body is complete and the handler may run: false if it was answered meanwhile (408) */
    boolean startHandling() {
        if (!state.compareAndSet(RECEIVING, HANDLING)) {
            return false;
        }
        response.getSuspendContext().setTimeout(-1, TimeUnit.MILLISECONDS);
        return true;
    }

    /** @param authenticated the probe the request authenticated as */
    void authenticated(Principal authenticated) {
        this.probe = authenticated;
    }

    /** The request cannot be answered (its connection broke): ends it without an answer. */
    void abandon() {
        if (state.getAndSet(DONE) != DONE) {
            response.resume();
        }
    }

    private void timedOut() {
        if (state.compareAndSet(RECEIVING, DONE)) {
            write(Problem.of(408, "request-timeout", "Request timeout",
                            "the request body did not arrive in time; nothing of this request was stored, send it "
                                    + "again without pausing").withHeader("Connection", "close")
                    .answer(head.requestId()));
        } else if (state.compareAndSet(AWAITING, DONE)) {
            write(late.get());
        }
    }

    private void ended(Runnable completed) {
        state.set(DONE);
        release();
        completed.run();
    }

    private void release() {
        long bytes = held.getAndSet(0);
        if (bytes > 0) {
            budget.release((int) bytes);
        }
    }

    /** @return the response's status once answered (for metrics) */
    int status() {
        return response.getStatus();
    }
}
