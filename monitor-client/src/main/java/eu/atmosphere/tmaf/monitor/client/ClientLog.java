package eu.atmosphere.tmaf.monitor.client;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Where the client's log lines go, so that its warnings and errors are never silent whatever logging the
 * probe carries:
 * <ol>
 * <li>the SLF4J binding slf4j-api found: an SLF4J 2 provider, or an SLF4J 1.7 binding when the probe
 *     resolved slf4j-api 1.7;</li>
 * <li>an SLF4J 1.7 binding ({@code org.slf4j.impl.StaticLoggerBinder}) that slf4j-api 2 ignores: the
 *     client asks it directly for its loggers;</li>
 * <li>no binding at all (slf4j-api reports no-operation logging): {@code java.util.logging}, whose
 *     default configuration prints INFO and above to standard error. Configure the logger
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

    private static final ILoggerFactory FACTORY = effectiveFactory();

    private final org.slf4j.Logger slf4j;
    private final java.util.logging.Logger jul;

    private ClientLog(Class<?> owner) {
        this.slf4j = FACTORY == null ? null : FACTORY.getLogger(owner.getName());
        this.jul = FACTORY == null ? java.util.logging.Logger.getLogger(owner.getName()) : null;
    }

    /**
     * @param owner the class that logs
     * @return its log
     */
    static ClientLog of(Class<?> owner) {
        return new ClientLog(owner);
    }

    /** @return the factory to log through, or {@code null} for {@code java.util.logging} */
    private static ILoggerFactory effectiveFactory() {
        ILoggerFactory found = LoggerFactory.getILoggerFactory();
        if (!(found instanceof NOPLoggerFactory)) {
            return found;
        }
        ILoggerFactory legacy = legacyBinding();
        if (legacy == null) {
            java.util.logging.Logger.getLogger(ClientLog.class.getName()).info(
                    "slf4j-api found no SLF4J binding; monitor-client logs through java.util.logging");
        }
        return legacy;
    }

    /** @return the factory of an SLF4J 1.7 binding on the class path, or {@code null} */
    private static ILoggerFactory legacyBinding() {
        try {
            Class<?> binder = Class.forName("org.slf4j.impl.StaticLoggerBinder");
            Object singleton = binder.getMethod("getSingleton").invoke(null);
            Object factory = binder.getMethod("getLoggerFactory").invoke(singleton);
            return factory instanceof ILoggerFactory && !(factory instanceof NOPLoggerFactory)
                    ? (ILoggerFactory) factory : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    boolean isDebugEnabled() {
        return slf4j != null ? slf4j.isDebugEnabled() : jul.isLoggable(Level.FINE);
    }

    void trace(String format, Object... args) {
        if (slf4j != null) {
            slf4j.trace(format, args);
        } else {
            julLog(Level.FINEST, format, args);
        }
    }

    void debug(String format, Object... args) {
        if (slf4j != null) {
            slf4j.debug(format, args);
        } else {
            julLog(Level.FINE, format, args);
        }
    }

    void info(String format, Object... args) {
        if (slf4j != null) {
            slf4j.info(format, args);
        } else {
            julLog(Level.INFO, format, args);
        }
    }

    void warn(String format, Object... args) {
        if (slf4j != null) {
            slf4j.warn(format, args);
        } else {
            julLog(Level.WARNING, format, args);
        }
    }

    void error(String format, Object... args) {
        if (slf4j != null) {
            slf4j.error(format, args);
        } else {
            julLog(Level.SEVERE, format, args);
        }
    }

    private void julLog(Level level, String format, Object[] args) {
        if (!jul.isLoggable(level)) {
            return;
        }
        FormattingTuple message = MessageFormatter.arrayFormat(format, args);
        LogRecord record = new LogRecord(level, message.getMessage());
        record.setLoggerName(jul.getName());
        record.setSourceClassName(jul.getName());
        record.setSourceMethodName("");
        record.setThrown(message.getThrowable());
        jul.log(record);
    }
}
