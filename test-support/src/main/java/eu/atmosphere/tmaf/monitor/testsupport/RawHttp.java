package eu.atmosphere.tmaf.monitor.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over a socket, byte for byte as given: for requests no HTTP client library would send
 * (odd paths, duplicated headers, lying framing, garbage), for slow clients, and for load with
 * pre-built request bytes ({@link Connection}, the transport of {@link LoadGenerator}).
 *
 * <pre>{@code
 * byte[] request = new RawHttp.Builder("POST", "/monitor").header("Content-Type", "application/json")
 *         .body(json).build();
 * RawHttp.Response once = RawHttp.exchange(port, request, Duration.ofSeconds(10), false);
 * try (RawHttp.Connection connection = new RawHttp.Connection(Target.of("http://127.0.0.1:" + port + "/monitor", null))) {
 *     RawHttp.Response first = connection.exchange(request);   // persistent: more requests may follow
 * }
 * }</pre>
 */
public final class RawHttp {

    /** Largest response read; the server never sends more than a few KiB. */
    private static final int MAX_RESPONSE = 4 * 1024 * 1024;

    /**
     * A parsed response.
     *
     * @param status  the status code
     * @param headers header names in lower case, values in order
     * @param body      the body (de-chunked)
     * @param keepAlive whether the connection may carry another request (HTTP/1.1, no {@code Connection: close},
     *                  the body's end was framed)
     */
    public record Response(int status, Map<String, List<String>> headers, byte[] body, boolean keepAlive) {
        /** @return the first value of the header, or null */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** @return the body as UTF-8 text */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /**
     * @param port    loopback port of the server
     * @param request the complete request bytes
     * @param timeout longest wait for the complete response
     * @param head    whether the request was a HEAD (the response then has no body)
     * @return the response, or {@code null} if the server closed the connection without answering
     * @throws java.net.SocketTimeoutException if no complete response arrived in time (a hang)
     * @throws IOException                     on other socket errors
     */
    public static Response exchange(int port, byte[] request, Duration timeout, boolean head) throws IOException {
        return exchange(port, request, timeout, head, false);
    }

    /**
     * Like {@link #exchange(int, byte[], Duration, boolean)}; with {@code halfClose} the client then
     * shuts down its sending side, so a server waiting for more of a request sees its end at once.
     */
    public static Response exchange(int port, byte[] request, Duration timeout, boolean head, boolean halfClose)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer (413, 401) and close before reading everything: read what it said
            }
            return read(new BufferedInputStream(socket.getInputStream()), head);
        }
    }

    /**
     * @param in   the connection's input (buffered: it is read byte by byte)
     * @param head whether the request was a HEAD
     * @return the next response, or {@code null} if the connection ends before a status line
     */
    public static Response read(InputStream in, boolean head) throws IOException {
        String statusLine;
        try {
            statusLine = line(in);
        } catch (EOFException | java.net.SocketException e) {
            return null;
        }
        if (statusLine == null) {
            return null;
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(header.substring(colon + 1).strip());
            }
        }
        boolean keepAlive = parts[0].equals("HTTP/1.1") && headers.getOrDefault("connection", List.of()).stream()
                .noneMatch(value -> value.equalsIgnoreCase("close"));
        if (head || status == 204 || status == 304 || status / 100 == 1) {
            return new Response(status, headers, new byte[0], keepAlive);
        }
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        List<String> length = headers.getOrDefault("content-length", List.of());
        byte[] body;
        if (encoding.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body = chunked(in);
        } else if (!length.isEmpty()) {
            body = in.readNBytes(Math.min(Integer.parseInt(length.get(0)), MAX_RESPONSE));
        } else {
            body = in.readNBytes(MAX_RESPONSE);
            keepAlive = false;
        }
        return new Response(status, headers, body, keepAlive);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new EOFException("chunked body ended early");
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (n == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            if (body.size() + n > MAX_RESPONSE) {
                throw new IOException("response too large");
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    /** @return one CRLF-terminated line without its terminator, or null at the end of the stream */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("response line too long");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * One persistent connection, plain or TLS (certificates and host name verified): writes request bytes and
     * reads one response per request. Not thread-safe: one thread per connection.
     */
    public static final class Connection implements Closeable {
        private static final int READ_TIMEOUT_MS = 60_000;

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        /** Connects (and for https completes the handshake) to the target. */
        public Connection(Target target) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(target.host(), target.port()), 10_000);
                s.setSoTimeout(READ_TIMEOUT_MS);
                if (target.tls() != null) {
                    SSLSocket tls = (SSLSocket) target.tls().getSocketFactory()
                            .createSocket(s, target.host(), target.port(), true);
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(parameters);
                    tls.startHandshake();
                    s = tls;
                }
            } catch (IOException e) {
                s.close();
                throw e;
            }
            this.socket = s;
            this.in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            this.out = s.getOutputStream();
        }

        /**
         * Sends one request and reads its response.
         *
         * @param request a complete HTTP/1.1 request (not HEAD)
         * @return the response
         * @throws IOException if the connection failed before a complete response: the outcome is unknown
         */
        public Response exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            Response response = read(in, false);
            if (response == null) {
                throw new EOFException("connection closed by the server");
            }
            return response;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    /** @return the request bytes of {@code POST} to the target's path with a JSON body */
    public static byte[] postJson(Target target, byte[] body, String authorization) {
        return new Builder("POST", target.path()).host(target.host() + ":" + target.port())
                .header("Content-Type", "application/json").header("Authorization", authorization).body(body).build();
    }

    /** @return the request bytes of {@code GET path} */
    public static byte[] get(Target target, String path) {
        return new Builder("GET", path).host(target.host() + ":" + target.port()).contentLength(false).build();
    }

    /** Builds request bytes: request line, headers (each "Name: value", repeats allowed), body. */
    public static final class Builder {
        private final String method;
        private final String target;
        private final List<String> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private boolean chunked;
        private boolean contentLength = true;
        private byte[] rawHeaderBlock;
        private String host = "127.0.0.1";

        /**
         * @param method e.g. {@code POST}, sent as given
         * @param target the request target, e.g. {@code /monitor}, sent as given
         */
        public Builder(String method, String target) {
            this.method = method;
            this.target = target;
        }

        /** The Host header's value (default {@code 127.0.0.1}). */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** Adds a header line; a null value adds nothing. */
        public Builder header(String name, String value) {
            if (value != null) {
                headers.add(name + ": " + value);
            }
            return this;
        }

        public Builder body(byte[] value) {
            body = value;
            return this;
        }

        /** Sends the body as three chunks instead of with a Content-Length. */
        public Builder chunked(boolean value) {
            chunked = value;
            return this;
        }

        /** Whether to add the Content-Length header of the body (default yes). */
        public Builder contentLength(boolean value) {
            contentLength = value;
            return this;
        }

        /** Extra header bytes, sent as given after the other headers (no CRLF added). */
        public Builder rawHeaders(byte[] value) {
            rawHeaderBlock = value;
            return this;
        }

        /** @return the request bytes */
        public byte[] build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(host).append("\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (contentLength) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (rawHeaderBlock != null) {
                out.writeBytes(rawHeaderBlock);
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (chunked) {
                int piece = Math.max(1, body.length / 3);
                for (int i = 0; i < body.length; i += piece) {
                    int n = Math.min(piece, body.length - i);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, i, n);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }
    }
}
