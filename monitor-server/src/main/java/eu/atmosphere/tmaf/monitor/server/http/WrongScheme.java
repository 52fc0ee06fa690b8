package eu.atmosphere.tmaf.monitor.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.ssl.SSLBaseFilter;

/**
 * Answers a client that speaks the other protocol than the port with a readable {@code 400} at once,
 * instead of a silently closed connection ({@code curl: (52) Empty reply from server}) or a TLS
 * handshake that waits for its timeout.
 *
 * <p>Every TLS connection starts with a TLS record (first byte 20..23, a handshake is 22); an HTTP/1.x
 * request starts with its method, an ASCII capital letter. So the first byte of a connection, before
 * TLS or HTTP sees it, tells the two apart: on the HTTPS port a method gets an
 * {@code application/problem+json} answer saying to use {@code https://}; on the plain port a TLS
 * handshake gets one saying to use {@code http://} (the client's TLS stack reports a plain-text answer,
 * which {@code monitor-client} diagnoses as "a plain-HTTP port"). Either way the connection is closed;
 * anything else goes on untouched.
 *
 * <pre>{@code
 * networkListener.registerAddOn(new WrongScheme());   // on every listener, plain or secure
 * }</pre>
 */
public final class WrongScheme implements AddOn {

    private static final byte TLS_HANDSHAKE = 22;

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        if (listener.isSecure()) {
            builder.add(builder.indexOfType(SSLBaseFilter.class), new FirstByteFilter(false,
                    answer("https-required", "HTTPS required", "this port speaks HTTPS (TLS) only: send the request to "
                            + "https:// instead of http://")));
        } else {
            builder.add(builder.indexOfType(TransportFilter.class) + 1, new FirstByteFilter(true,
                    answer("http-required", "Plain HTTP port", "this port speaks plain HTTP, not TLS: send the request "
                            + "to http:// instead of https://, or to the monitor's TLS port")));
        }
    }

    private static byte[] answer(String slug, String title, String detail) {
        byte[] body = Problem.of(400, slug, title, detail).json(null);
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: " + Problem.MEDIA_TYPE + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head8.length + body.length];
        System.arraycopy(head8, 0, all, 0, head8.length);
        System.arraycopy(body, 0, all, head8.length, body.length);
        return all;
    }

    /** Looks at the first byte of each connection only. */
    private static final class FirstByteFilter extends BaseFilter {

        private final Attribute<Boolean> seen = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
                WrongScheme.class.getName() + ".seen");
        private final boolean plainPort;
        private final byte[] answer;

        FirstByteFilter(boolean plainPort, byte[] answer) {
            this.plainPort = plainPort;
            this.answer = answer;
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Connection<?> connection = ctx.getConnection();
            if (seen.isSet(connection)) {
                return ctx.getInvokeAction();
            }
            Buffer message = ctx.getMessage();
            if (!message.hasRemaining()) {
                return ctx.getStopAction(message);
            }
            seen.set(connection, Boolean.TRUE);
            byte first = message.get(message.position());
            boolean wrong = plainPort ? first == TLS_HANDSHAKE : first >= 'A' && first <= 'Z';
            if (!wrong) {
                return ctx.getInvokeAction();
            }
            ctx.write(Buffers.wrap(ctx.getMemoryManager(), answer), new CloseAfterWrite(connection));
            return ctx.getStopAction();
        }
    }
}
