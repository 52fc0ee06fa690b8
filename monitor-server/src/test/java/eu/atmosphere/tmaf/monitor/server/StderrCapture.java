package eu.atmosphere.tmaf.monitor.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps a copy of what is written to {@code System.err} while it captures, and still writes it through: the
 * server's log (slf4j-simple writes to the current {@code System.err}) stays visible and can be inspected.
 *
 * <p>As a JUnit extension it captures from before the class's {@code @BeforeAll} methods to after its
 * {@code @AfterAll} methods, which may still read it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StderrCapture LOG = new StderrCapture();
 * ...
 * assertTrue(LOG.text().contains("rejected status=401"));
 * }</pre>
 *
 * Around one piece of code: {@code StderrCapture log = new StderrCapture().start(); try (log) { ... }}, then
 * {@code log.text()}.
 */
public final class StderrCapture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    /**
     * Replaces {@code System.err} with a stream that writes to it and to this capture.
     *
     * @return this
     * @throws IllegalStateException if it captures already
     */
    public synchronized StderrCapture start() {
        if (original != null) {
            throw new IllegalStateException("capturing already");
        }
        PrintStream through = System.err;
        original = through;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                through.write(b);
                captured.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                through.write(b, off, len);
                captured.write(b, off, len);
            }

            @Override
            public void flush() {
                through.flush();
            }
        }, true, StandardCharsets.UTF_8));
        return this;
    }

    /** Puts the former {@code System.err} back; what was captured stays readable. Does nothing if not capturing. */
    @Override
    public synchronized void close() {
        if (original != null) {
            System.setErr(original);
            original = null;
        }
    }

    /** @return everything captured so far, as UTF-8 */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
