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
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.ssl.SSLBaseFilter;

/**
 * Answers a plain-HTTP request sent to the HTTPS port with a readable {@code 400} instead of a
 * silently closed connection ({@code curl: (52) Empty reply from server}).
 *
 * <p>Every TLS connection starts with a TLS record (first byte 20..23, a handshake is 22); an HTTP/1.x
 * request starts with its method, an ASCII capital letter. So the first byte of a connection, before
 * TLS sees it, tells the two apart: a method gets an {@code application/problem+json} answer saying to
 * use {@code https://}, and the connection is closed; anything else goes on to TLS untouched.
 *
 * <pre>{@code
 * networkListener.registerAddOn(new PlainHttpOnTlsPort());   // only on a secure listener
 * }</pre>
 */
public final class PlainHttpOnTlsPort implements AddOn {

    private static final byte[] ANSWER = answer();

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int tls = builder.indexOfType(SSLBaseFilter.class);
        if (tls >= 0) {
            builder.add(tls, new FirstByteFilter());
        }
    }

    private static byte[] answer() {
        byte[] body = Problem.of(400, "https-required", "HTTPS required",
                "this port speaks HTTPS (TLS) only: send the request to https:// instead of http://").json(null);
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
                PlainHttpOnTlsPort.class.getName() + ".seen");

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
            if (first < 'A' || first > 'Z') {
                return ctx.getInvokeAction();
            }
            ctx.write(Buffers.wrap(ctx.getMemoryManager(), ANSWER), new CloseAfterWrite(connection));
            return ctx.getStopAction();
        }
    }
}
