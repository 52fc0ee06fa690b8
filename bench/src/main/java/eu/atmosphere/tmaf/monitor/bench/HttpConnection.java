package eu.atmosphere.tmaf.monitor.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One persistent HTTP/1.1 connection over a plain (or TLS) socket: writes pre-built request
 * bytes and reads exactly one response (Content-Length or chunked body). Deliberately minimal,
 * so that the load generator costs little CPU next to the server it measures. Not thread-safe:
 * one thread per connection.
 */
final class HttpConnection implements Closeable {

    private static final int READ_TIMEOUT_MS = 60_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private boolean closeAfterResponse;

    HttpConnection(Target target) throws IOException {
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
        this.in = s.getInputStream();
        this.out = s.getOutputStream();
    }

    /**
     * Sends one request and reads its response.
     *
     * @param request a complete HTTP/1.1 request
     * @return the response status code
     * @throws IOException if the connection failed: the request's outcome is unknown
     */
    int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        return readResponse();
    }

    /** @return whether the server asked to close the connection after the last response */
    boolean mustClose() {
        return closeAfterResponse;
    }

    private int readResponse() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        closeAfterResponse = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfterResponse = value.equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            while (true) {
                String size = readLine();
                int semicolon = size.indexOf(';');
                long n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(n);
                readLine();
            }
        } else if (contentLength >= 0) {
            skip(contentLength);
        } else if (status != 204 && status != 304 && status >= 200) {
            closeAfterResponse = true; // body until EOF: we do not need it
        }
        return status;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
            if (line.length() > 16 * 1024) {
                throw new IOException("header line too long");
            }
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (position == limit) {
                fill();
            }
            int step = (int) Math.min(n, limit - position);
            position += step;
            n -= step;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
        position = 0;
        limit = n;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** @return the request bytes of {@code GET path} */
    static byte[] getRequest(Target target, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @return the request bytes of {@code POST path} with a JSON body */
    static byte[] postRequest(Target target, String path, byte[] body, String authorization) {
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.host()).append(':').append(target.port()).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }
}
