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
 * Bounds how long a client may take to send a request's headers, so slow clients (slowloris)
 * cannot hold a connection for ever: from the first byte of a request (including a TLS
 * handshake) until its headers are parsed, at most {@code headerTimeout}; then the connection is
 * closed. Grizzly's idle timeout does not do this: it restarts with every byte that arrives. No
 * thread is involved (bytes are parsed on the selector threads). The body has a deadline of its
 * own, the {@link Exchange}'s ({@link Pipeline}); between requests Grizzly's keep-alive idle
 * timeout applies.
 *
 * <pre>{@code
 * RequestDeadlines deadlines = new RequestDeadlines(Duration.ofSeconds(10), reason -> {});
 * networkListener.registerAddOn(deadlines);   // before the server starts; close() it after the server stopped
 * }</pre>
 */
public final class RequestDeadlines implements AddOn, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
    /** A connection receiving a body: its deadline is the exchange's, none here. */
    private static final long IN_BODY = Long.MIN_VALUE;

    private final long headerNanos;
    private final Consumer<String> expired;
    private final Map<Connection<?>, Long> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final ScheduledFuture<?> sweeps;

    /**
     * @param headerTimeout longest time from the first byte of a request to its complete headers
     * @param expired       told {@code "header-timeout"} for every connection closed
     */
    public RequestDeadlines(Duration headerTimeout, Consumer<String> expired) {
        this.headerNanos = headerTimeout.toNanos();
        this.expired = expired;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "request-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, headerTimeout.toMillis() / 10);
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

    /** @return connections currently under a deadline or receiving a body (for tests and metrics) */
    public int pending() {
        return pending.size();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        pending.clear();
    }

    /** Closes connections whose headers are late. */
    private void sweep() {
        long now = System.nanoTime();
        pending.forEach((connection, deadline) -> {
            if (deadline != IN_BODY && now - deadline > 0 && pending.remove(connection, deadline)) {
                LOG.info("closing connection from {}: request headers not received within {} ms",
                        connection.getPeerAddress(), headerNanos / 1_000_000);
                expired.accept("header-timeout");
                connection.closeSilently();
            }
        });
    }

    /** Raw bytes (before TLS and HTTP decoding): the first bytes of a request start its header deadline. */
    private final class BytesArrived extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            pending.computeIfAbsent(ctx.getConnection(), c -> System.nanoTime() + headerNanos);
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleClose(FilterChainContext ctx) throws IOException {
            pending.remove(ctx.getConnection());
            return ctx.getInvokeAction();
        }
    }

    /** Decoded HTTP: parsed headers end the header deadline; the body's last byte ends the request. */
    private final class RequestParsed extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content) {
                if (content.isLast()) {
                    pending.remove(ctx.getConnection());
                } else {
                    pending.put(ctx.getConnection(), IN_BODY);
                }
            }
            return ctx.getInvokeAction();
        }
    }
}
