package eu.atmosphere.tmaf.monitor.server.http;

import java.io.IOException;
import java.util.function.Consumer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grizzly's HTTP/1.1 codec, configured exactly as Grizzly configures it for a listener, with two
 * additions:
 * <ul>
 *   <li>It records what the parsed headers no longer show ({@link RawHead}): folded header lines
 *       (obs-fold, unfolded silently by Grizzly) and every Content-Length and Transfer-Encoding
 *       line (Grizzly drops a Content-Length that comes with chunked), for {@link RequestRules}.</li>
 *   <li>Requests it cannot parse at all (broken request line, chunk size, oversized headers) are
 *       answered with problem+json instead of an empty 400, logged once without a stack trace,
 *       and counted.</li>
 * </ul>
 *
 * <pre>{@code
 * // in an AddOn's setup(listener, builder):
 * int codec = builder.indexOfType(HttpServerFilter.class);
 * builder.set(codec, new StrictHttpCodec(listener, (HttpServerFilter) builder.get(codec), metrics::rejected));
 * }</pre>
 */
public final class StrictHttpCodec extends HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(StrictHttpCodec.class);
    private static final String RAW_HEAD = StrictHttpCodec.class.getName() + ".raw-head";

    private final Consumer<String> refused;

    /** What the header lines of one request looked like before Grizzly normalised them. */
    static final class RawHead {
        boolean folded;
        int contentLengths;
        int transferEncodings;
    }

    /**
     * @param listener the listener whose codec is replaced (its limits and keep-alive are used)
     * @param replaced the codec Grizzly created (its payload and encoding settings are copied)
     * @param refused  told {@code "malformed-http"} for every request that could not be parsed
     */
    @SuppressWarnings("deprecation") // every constructor of Grizzly 4.0.2's HttpServerFilter is deprecated, with no successor
    public StrictHttpCodec(NetworkListener listener, HttpServerFilter replaced, Consumer<String> refused) {
        super(listener.isChunkingEnabled(), listener.getMaxHttpHeaderSize(), null, listener.getKeepAlive(), null,
                listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
        setAllowPayloadForUndefinedHttpMethods(replaced.isAllowPayloadForUndefinedHttpMethods());
        setMaxPayloadRemainderToSkip(replaced.getMaxPayloadRemainderToSkip());
        for (ContentEncoding encoding : replaced.getContentEncodings()) {
            addContentEncoding(encoding);
        }
        getMonitoringConfig().addProbes(replaced.getMonitoringConfig().getProbes());
        this.refused = refused;
    }

    /**
     * @param request a parsed request
     * @return how its header lines looked, or null if this codec did not parse it
     */
    static RawHead rawHead(HttpRequestPacket request) {
        return (RawHead) request.getAttribute(RAW_HEAD);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        // after a request that could not be parsed, nothing more on its connection is (it is being closed)
        return HttpGate.isClosing(ctx.getConnection()) ? ctx.getStopAction() : super.handleRead(ctx);
    }

    @Override
    protected void onInitialLineParsed(HttpHeader header, FilterChainContext ctx) {
        super.onInitialLineParsed(header, ctx);
        if (header instanceof HttpRequestPacket request) {
            request.setAttribute(RAW_HEAD, new RawHead());
        }
    }

    @Override
    protected boolean parseHeaderFromBytes(HttpHeader header, MimeHeaders headers, HeaderParsingState state,
                                           byte[] input, int end) {
        boolean folded = false;
        // Grizzly's offsets in the array are relative to arrayOffset (the buffer may be a slice of a pooled array)
        for (int i = state.arrayOffset + Math.max(0, state.offset); i + 1 < end && i + 1 < input.length; i++) {
            if (input[i] == '\n') {
                folded = input[i + 1] == ' ' || input[i + 1] == '\t';
                break;
            }
        }
        boolean parsed = super.parseHeaderFromBytes(header, headers, state, input, end);
        observe(header, headers, state, folded);
        return parsed;
    }

    @Override
    protected boolean parseHeaderFromBuffer(HttpHeader header, MimeHeaders headers, HeaderParsingState state,
                                            Buffer input) {
        boolean folded = false;
        for (int i = Math.max(0, state.offset); i + 1 < input.limit(); i++) {
            if (input.get(i) == '\n') {
                folded = input.get(i + 1) == ' ' || input.get(i + 1) == '\t';
                break;
            }
        }
        boolean parsed = super.parseHeaderFromBuffer(header, headers, state, input);
        observe(header, headers, state, folded);
        return parsed;
    }

    /**
     * Grizzly reads a header name up to its colon, across line ends: a line without a colon followed by the
     * end of the head would wait for more bytes until the header deadline. A line end before the colon
     * refuses the request at once (400).
     */
    @Override
    protected boolean parseHeaderName(HttpHeader header, MimeHeaders headers, HeaderParsingState state, byte[] input,
                                      int end) {
        boolean parsed = super.parseHeaderName(header, headers, state, input, end);
        if (!parsed) {
            for (int i = state.arrayOffset + state.start; i < state.arrayOffset + state.offset; i++) {
                requireNoLineEnd(input[i]);
            }
        }
        return parsed;
    }

    @Override
    protected boolean parseHeaderName(HttpHeader header, MimeHeaders headers, HeaderParsingState state, Buffer input) {
        boolean parsed = super.parseHeaderName(header, headers, state, input);
        if (!parsed) {
            for (int i = state.start; i < state.offset; i++) {
                requireNoLineEnd(input.get(i));
            }
        }
        return parsed;
    }

    private static void requireNoLineEnd(byte b) {
        if (b == '\n') {
            throw new IllegalStateException("a header line without a colon");
        }
    }

    /**
     * Grizzly unfolds folded lines in place and replaces a Content-Length by a later Transfer-Encoding,
     * so both are noted while the lines are parsed.
     */
    private static void observe(HttpHeader header, MimeHeaders headers, HeaderParsingState state, boolean folded) {
        if (!(header instanceof HttpRequestPacket request) || rawHead(request) == null) {
            return;
        }
        RawHead raw = rawHead(request);
        raw.folded |= folded;
        raw.contentLengths = Math.max(raw.contentLengths, state.contentLengthHeadersCount);
        int transferEncodings = 0;
        for (int i = 0; i < headers.size(); i++) {
            if (headers.getName(i).equalsIgnoreCase("Transfer-Encoding")) {
                transferEncodings++;
            }
        }
        raw.transferEncodings = Math.max(raw.transferEncodings, transferEncodings);
    }

    @Override
    protected void onHttpHeaderError(HttpHeader header, FilterChainContext ctx, Throwable failure) throws IOException {
        unparsable(ctx, failure);
        super.onHttpHeaderError(header, ctx, failure);
    }

    @Override
    protected void onHttpContentError(HttpHeader header, FilterChainContext ctx, Throwable failure) throws IOException {
        unparsable(ctx, failure);
        super.onHttpContentError(header, ctx, failure);
    }

    private void unparsable(FilterChainContext ctx, Throwable failure) {
        HttpGate.closeAfterAnswer(ctx.getConnection());
        refused.accept("malformed-http");
        LOG.info("refused a request from {} that is not valid HTTP/1.1: {}", ctx.getConnection().getPeerAddress(),
                LogSafe.escape(failure.getMessage()));
    }

    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
        String requestId = RequestIds.keepOrCreate(null);
        int status = response.getStatus();
        byte[] body = Problem.of(status, status == 400 ? "malformed-http" : "unprocessable-request",
                        response.getReasonPhrase(), "the request is not valid HTTP/1.1 (RFC 9112): broken request "
                                + "line, headers, chunk sizes or a body where none is allowed; the connection is closed")
                .json(requestId);
        response.setContentType(Problem.MEDIA_TYPE);
        // also as a plain header: a request whose first line could not be read counts as HTTP/0.9, for which Grizzly
        // writes none of the headers it derives (Content-Type, Date)
        response.getHeaders().setValue("Content-Type").setString(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.setHeader(RequestIds.HEADER, requestId);
        response.setHeader("Connection", "close");
        if (response.getRequest() != null) {
            response.getRequest().getProcessingState().setKeepAlive(false);
        }
        return HttpContent.builder(response).content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body)).last(true).build();
    }
}
