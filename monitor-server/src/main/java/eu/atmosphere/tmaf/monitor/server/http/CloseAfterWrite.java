package eu.atmosphere.tmaf.monitor.server.http;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;

/**
 * Closes a connection once a final answer was written to it, or could not be: the answer to a request
 * whose framing cannot be trusted is the last thing the connection carries.
 *
 * <pre>{@code
 * ctx.write(answer, new CloseAfterWrite(ctx.getConnection()));
 * return ctx.getStopAction();
 * }</pre>
 */
@SuppressWarnings("rawtypes") // FilterChainContext.write takes a CompletionHandler of Grizzly's raw WriteResult
final class CloseAfterWrite extends EmptyCompletionHandler<WriteResult> {

    private final Connection<?> connection;

    /** @param connection the connection to close after the write */
    CloseAfterWrite(Connection<?> connection) {
        this.connection = connection;
    }

    @Override
    public void completed(WriteResult result) {
        connection.closeSilently();
    }

    @Override
    public void failed(Throwable throwable) {
        connection.closeSilently();
    }
}
