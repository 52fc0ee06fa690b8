package eu.atmosphere.tmaf.monitor.client;

import java.util.function.Function;

/**
 * Where the client's log lines go, so that its warnings and errors are never silent whatever logging the
 * probe carries. slf4j-api is an optional dependency of the client: the probe's own dependencies decide its
 * version (or whether it is there at all), so the client never changes how the probe's own lines are logged.
 * <ol>
 * <li>the SLF4J binding slf4j-api found: an SLF4J 2 provider, or an SLF4J 1.7 binding when the probe
 *     resolved slf4j-api 1.7 (every original probe: log4j-slf4j-impl, slf4j-simple 1.7);</li>
 * <li>an SLF4J 1.7 binding ({@code org.slf4j.impl.StaticLoggerBinder}) that slf4j-api 2 ignores: the
 *     client asks it directly for its loggers;</li>
 * <li>no slf4j-api, or no binding at all (slf4j-api reports no-operation logging): {@code java.util.logging},
 *     whose default configuration prints INFO and above to standard error. Configure the logger
 *     {@code eu.atmosphere.tmaf.monitor.client} there to change that.</li>
 * </ol>
 * The methods take SLF4J message patterns ({@code "{}"} placeholders, a trailing {@link Throwable} is the
 * exception).
 *
 * <pre>{@code
 * private static final ClientLog LOG = ClientLog.of(Delivery.class);
 * LOG.warn("The monitor refused message {}: {}", id, status);
 * }</pre>
 */
final class ClientLog {

    /** The levels the client logs at. */
    enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    /** One logger of the destination chosen. */
    interface Sink {
        void log(Level level, String format, Object[] args);
    }

    private static final Function<String, Sink> SINKS = chooseSinks();

    private final Sink sink;

    private ClientLog(Class<?> owner) {
        this.sink = SINKS.apply(owner.getName());
    }

    /**
     * @param owner the class that logs
     * @return its log
     */
    static ClientLog of(Class<?> owner) {
        return new ClientLog(owner);
    }

    /** @return the loggers of slf4j if it has a binding, else of java.util.logging */
    private static Function<String, Sink> chooseSinks() {
        Function<String, Sink> slf4j = slf4jApiPresent() ? Slf4jSinks.bound() : null;
        if (slf4j != null) {
            return slf4j;
        }
        java.util.logging.Logger.getLogger(ClientLog.class.getName()).info("slf4j-api "
                + (slf4jApiPresent() ? "found no SLF4J binding" : "is not on the class path")
                + "; monitor-client logs through java.util.logging");
        return JulSink::new;
    }

    private static boolean slf4jApiPresent() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, ClientLog.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    void trace(String format, Object... args) {
        sink.log(Level.TRACE, format, args);
    }

    void debug(String format, Object... args) {
        sink.log(Level.DEBUG, format, args);
    }

    void info(String format, Object... args) {
        sink.log(Level.INFO, format, args);
    }

    void warn(String format, Object... args) {
        sink.log(Level.WARN, format, args);
    }

    void error(String format, Object... args) {
        sink.log(Level.ERROR, format, args);
    }
}
