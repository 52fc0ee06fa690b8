package eu.atmosphere.tmaf.monitor.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes to two streams: the server's log output (slf4j-simple writes to the current
 * {@code System.err}) stays visible and is captured for inspection. Writes to the second stream
 * are synchronised on it, so the capture can be read while the server logs.
 */
public final class TeeStream extends OutputStream {

    private final OutputStream first;
    private final OutputStream second;

    public TeeStream(OutputStream first, OutputStream second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
        first.write(b);
        synchronized (second) {
            second.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        first.write(b, off, len);
        synchronized (second) {
            second.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        first.flush();
    }
}
