package eu.atmosphere.tmaf.monitor.server.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Serves requests that offer a protocol upgrade as the plain HTTP/1.1 requests they also are.
 *
 * <p>The JDK's {@code HttpClient} (and {@code curl --http2}) send {@code Upgrade: h2c} with
 * plain-text requests. Grizzly, which speaks no h2c here, then stops honouring
 * {@code Content-Length} and waits for the body until the connection closes: a POST hangs.
 * RFC 9110 lets a server ignore {@code Upgrade}, so this add-on does exactly that, right after
 * Grizzly parsed the headers.
 *
 * <pre>{@code
 * networkListener.registerAddOn(new IgnoreProtocolUpgrades());
 * }</pre>
 */
public final class IgnoreProtocolUpgrades implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int http = builder.indexOfType(HttpServerFilter.class);
        builder.add(http + 1, new UpgradeIgnoringFilter());
    }

    private static final class UpgradeIgnoringFilter extends BaseFilter {
        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
                header.getUpgradeDC().recycle();
                header.setIgnoreContentModifiers(false);
                return ctx.getStopAction();
            }
            return ctx.getInvokeAction();
        }
    }
}
