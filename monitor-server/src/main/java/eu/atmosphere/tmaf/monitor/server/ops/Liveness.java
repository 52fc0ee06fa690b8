package eu.atmosphere.tmaf.monitor.server.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the server can still make progress, for {@code GET /health/live}: every critical part
 * (Kafka producer and its sender thread, the readiness check, the request deadlines) still
 * runs, and no {@link OutOfMemoryError} was seen in this JVM (after one, any thread may have died
 * half-way; the process should be restarted, not routed to).
 *
 * <pre>{@code
 * Liveness liveness = new Liveness().require("kafka-producer", publisher::alive);
 * String problem = liveness.problem();   // null while live
 * }</pre>
 */
public final class Liveness {

    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
    private static final AtomicReference<String> FATAL = new AtomicReference<>();

    private final Map<String, BooleanSupplier> parts = new LinkedHashMap<>();

    /**
     * Remembers a fatal error of this JVM (an {@link OutOfMemoryError} or other
     * {@link VirtualMachineError}); other throwables are ignored.
     *
     * @param failure anything that escaped a thread or a request
     */
    public static void recordFatal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError && FATAL.compareAndSet(null, t.getClass().getSimpleName())) {
                LOG.error("fatal JVM error seen ({}): liveness is DOWN from now on", t.toString());
                return;
            }
        }
    }

    /**
     * Records fatal errors that end any thread (kept: the previous handler still runs). Idempotent
     * in effect: a second call only chains another recorder.
     */
    public static void watchUncaughtErrors() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        if (previous instanceof FatalRecorder) {
            return;
        }
        Thread.setDefaultUncaughtExceptionHandler(new FatalRecorder(previous));
    }

    /**
     * @param name  what the part is, reported when it stopped
     * @param alive whether it still runs
     * @return this
     */
    public Liveness require(String name, BooleanSupplier alive) {
        parts.put(name, alive);
        return this;
    }

    /** @return why the server cannot make progress, or null while it can */
    public String problem() {
        String fatal = FATAL.get();
        if (fatal != null) {
            return fatal + " seen";
        }
        for (Map.Entry<String, BooleanSupplier> part : parts.entrySet()) {
            if (!part.getValue().getAsBoolean()) {
                return part.getKey() + " stopped";
            }
        }
        return null;
    }

    private record FatalRecorder(Thread.UncaughtExceptionHandler previous) implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread thread, Throwable failure) {
            recordFatal(failure);
            if (previous != null) {
                previous.uncaughtException(thread, failure);
            } else {
                LOG.error("thread {} died", thread.getName(), failure);
            }
        }
    }
}
