package eu.atmosphere.tmaf.monitor.server.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a client may take to send a request, so slow clients (slowloris) cannot hold
 * a connection, or a worker thread blocked reading a body, for ever. Grizzly's own timeouts do
 * not: its idle timeout restarts with every byte that arrives and its blocking read timeout with
 * every chunk, so a client that trickles one byte every few seconds is never cut off.
 *
 * <ul>
 *   <li>Headers: from the first byte of a request (including a TLS handshake) until its headers
 *       are parsed, at most {@code headerTimeout}; then the connection is closed. No worker thread
 *       is involved yet (bytes are parsed on the selector threads).</li>
 *   <li>Body: from the first body bytes read after the headers (when the application starts
 *       reading it, or Grizzly drains a body the application did not want) until its last byte, at
 *       most {@code bodyTimeout}. Past it the read fails with {@link BodyTimeoutException} (the
 *       application answers 408 and the connection is closed); a read waiting for bytes that do
 *       not come times out at the same deadline. A request waiting for a free worker is not
 *       charged for the wait. Open routes (anonymous) get {@code openRouteBodyTimeout}, a higher
 *       minimum body rate.</li>
 * </ul>
 * Between requests Grizzly's keep-alive idle timeout applies; while the application works on a
 * complete request, no deadline does.
 *
 * <pre>{@code
 * RequestDeadlines deadlines = new RequestDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(30),
 *         Duration.ofSeconds(10), reason -> {});
 * networkListener.registerAddOn(deadlines);   // before the server starts; close() it after the server stopped
 * }</pre>
 */
public final class RequestDeadlines implements AddOn, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    private final long headerNanos;
    private final long bodyNanos;
    private final long openRouteBodyNanos;
    private final Consumer<String> expired;
    private final Map<Connection<?>, Deadline> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final ScheduledFuture<?> sweeps;

    /** What a connection is waiting for, and until when ({@code at} unused while the body is not being read). */
    private record Deadline(String phase, long at) {
        boolean expired(long now) {
            return !phase.equals(BODY_PENDING) && now - at > 0;
        }
    }

    private static final String HEADER = "header";
    private static final String BODY_PENDING = "body-pending";
    private static final String BODY = "body";
    private static final String CLOSING = "closing";
    /** Time for the 408 to be written before its connection is closed. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** A request body that did not arrive within the body timeout. */
    public static final class BodyTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTimeoutException(String message) {
            super(message);
        }
    }

    /**
     * @param headerTimeout longest time from the first byte of a request to its complete headers
     * @param bodyTimeout   longest time from the complete headers to the complete body
     * @param openRouteBodyTimeout the same for the open routes ({@link HttpGate#isOpenRoute}), if shorter
     * @param expired       told {@code "header-timeout"} or {@code "body-timeout"} for every connection closed
     */
    public RequestDeadlines(Duration headerTimeout, Duration bodyTimeout, Duration openRouteBodyTimeout,
                            Consumer<String> expired) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        this.openRouteBodyNanos = Math.min(bodyNanos, openRouteBodyTimeout.toNanos());
        this.expired = expired;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "request-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, Math.min(headerTimeout.toMillis(), bodyTimeout.toMillis()) / 10);
        sweeps = sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(TransportFilter.class) + 1, new BytesArrived());
        builder.add(builder.indexOfType(HttpServerFilter.class) + 1, new RequestParsed());
    }

    /** @return whether deadlines are still enforced (a sweep that threw, e.g. out of memory, ends them) */
    public boolean alive() {
        return !sweeps.isDone();
    }

    /** @return connections currently under a deadline (for tests and metrics) */
    public int pending() {
        return pending.size();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        pending.clear();
    }

    /** Closes connections whose headers are late, and those answered 408 for a late body (see class doc). */
    private void sweep() {
        long now = System.nanoTime();
        pending.forEach((connection, deadline) -> {
            if (!deadline.expired(now)) {
                return;
            }
            if (deadline.phase().equals(HEADER) && pending.remove(connection, deadline)) {
                LOG.info("closing connection from {}: request headers not received within {} ms",
                        connection.getPeerAddress(), headerNanos / 1_000_000);
                expired.accept("header-timeout");
                connection.closeSilently();
            } else if (deadline.phase().equals(BODY)) {
                // the blocked read has timed out (408 on its way): close once it is written
                pending.replace(connection, deadline, new Deadline(CLOSING, now + CLOSE_GRACE_NANOS));
            } else if (deadline.phase().equals(CLOSING) && pending.remove(connection, deadline)) {
                connection.closeSilently();
            }
        });
    }

    /** Raw bytes (before TLS and HTTP decoding): the first bytes of a request start its header deadline. */
    private final class BytesArrived extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Connection<?> connection = ctx.getConnection();
            pending.computeIfAbsent(connection, c -> new Deadline(HEADER, System.nanoTime() + headerNanos));
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleClose(FilterChainContext ctx) throws IOException {
            pending.remove(ctx.getConnection());
            return ctx.getInvokeAction();
        }
    }

    /**
     * Decoded HTTP: parsed headers end the header deadline; body bytes read later start the body
     * deadline and must arrive before it; the last body byte ends the request's deadlines.
     */
    private final class RequestParsed extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content) {
                Connection<?> connection = ctx.getConnection();
                Deadline current = pending.get(connection);
                long now = System.nanoTime();
                if (current != null && current.phase().equals(CLOSING)) {
                    return ctx.getInvokeAction();
                }
                if (content.isLast()) {
                    pending.remove(connection);
                    connection.setReadTimeout(bodyNanos, TimeUnit.NANOSECONDS);
                } else if (current == null || current.phase().equals(HEADER)) {
                    pending.put(connection, new Deadline(BODY_PENDING, 0));
                } else if (current.phase().equals(BODY_PENDING)) {
                    long limit = bodyLimit(content);
                    pending.put(connection, new Deadline(BODY, now + limit));
                    connection.setReadTimeout(limit, TimeUnit.NANOSECONDS);
                } else if (current.expired(now)) {
                    // the application answers 408; the connection is closed shortly after (Grizzly would keep it
                    // open to drain the rest of the body)
                    pending.put(connection, new Deadline(CLOSING, now + CLOSE_GRACE_NANOS));
                    expired.accept("body-timeout");
                    LOG.info("refusing the request from {}: body not received within {} ms",
                            connection.getPeerAddress(), bodyLimit(content) / 1_000_000);
                    throw new BodyTimeoutException("the request body did not arrive within "
                            + bodyLimit(content) / 1_000_000 + " ms");
                } else {
                    connection.setReadTimeout(Math.max(1, current.at() - now), TimeUnit.NANOSECONDS);
                }
            }
            return ctx.getInvokeAction();
        }

        private long bodyLimit(HttpContent content) {
            return content.getHttpHeader() instanceof HttpRequestPacket request
                    && HttpGate.isOpenRoute(request.getRequestURI()) ? openRouteBodyNanos : bodyNanos;
        }
    }
}
