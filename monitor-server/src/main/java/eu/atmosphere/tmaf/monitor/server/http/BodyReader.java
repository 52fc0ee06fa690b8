package eu.atmosphere.tmaf.monitor.server.http;

import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;

/**
 * Receives a request body without a thread: Grizzly buffers the bytes as they arrive and calls
 * back when a step more has come or the body is complete; only then does the request go on (to a
 * worker). The size limit is enforced as bytes arrive (413 once they exceed it, at once when the
 * Content-Length already does), each step is charged to the server's {@link InFlightBudget}
 * (503 when it is spent), and the body deadline is the {@link Exchange}'s. So a thousand slow
 * uploads cost the bytes they sent, bounded by the limits, and no thread.
 *
 * <pre>{@code
 * BodyReader.read(request.getNIOInputStream(), exchange, 1024 * 1024, retryAfter, () -> dispatch(exchange));
 * }</pre>
 */
final class BodyReader implements ReadHandler {

    /** Bytes between two charges to the budget. */
    private static final int STEP = 64 * 1024;

    private final NIOInputStream in;
    private final Exchange exchange;
    private final int limit;
    private final String retryAfterSeconds;
    private final Runnable complete;

    private BodyReader(NIOInputStream in, Exchange exchange, int limit, String retryAfterSeconds, Runnable complete) {
        this.in = in;
        this.exchange = exchange;
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
        this.complete = complete;
    }

    /**
     * @param in                the request's body
     * @param exchange          the request
     * @param limit             most body bytes accepted (as received)
     * @param retryAfterSeconds advertised with a 503
     * @param complete          run once the whole body is buffered
     */
    static void read(NIOInputStream in, Exchange exchange, int limit, String retryAfterSeconds, Runnable complete) {
        if (exchange.head().contentLength() > limit) {
            exchange.answer(Problem.payloadTooLarge(limit).answer(exchange.head().requestId()));
            return;
        }
        new BodyReader(in, exchange, limit, retryAfterSeconds, complete).awaitMore();
    }

    private void awaitMore() {
        in.notifyAvailable(this, (int) Math.min(limit + 1L, in.readyData() + (long) STEP));
    }

    @Override
    public void onDataAvailable() {
        if (admitted()) {
            awaitMore();
        }
    }

    @Override
    public void onAllDataRead() {
        if (admitted()) {
            complete.run();
        }
    }

    @Override
    public void onError(Throwable failure) {
        // the connection broke or the codec refused the body (and answered): nothing to answer here
        exchange.abandon();
    }

    /** @return whether the bytes received so far are within the limit and the budget; else answered */
    private boolean admitted() {
        int received = in.readyData();
        Problem refusal = received > limit ? Problem.payloadTooLarge(limit)
                : !exchange.received(received) ? Problem.of(503, "busy", "Service unavailable",
                        "the server holds as many request bytes as it may (--max-inflight-bytes); nothing of this "
                                + "request was stored, retry later").withHeader("Retry-After", retryAfterSeconds)
                        .withHeader("Connection", "close").withMember("stored", "none")
                : null;
        if (refusal != null) {
            exchange.answer(refusal.answer(exchange.head().requestId()));
        }
        return refusal == null;
    }
}
