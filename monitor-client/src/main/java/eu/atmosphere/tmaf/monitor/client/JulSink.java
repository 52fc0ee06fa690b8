package eu.atmosphere.tmaf.monitor.client;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A client logger through {@code java.util.logging}, for a probe without SLF4J (see {@link ClientLog}): formats
 * SLF4J patterns itself ({@code "{}"} placeholders in order; a {@link Throwable} left over is the exception).
 */
final class JulSink implements ClientLog.Sink {

    private static final String PLACEHOLDER = "{}";

    private final Logger logger;

    JulSink(String name) {
        this.logger = Logger.getLogger(name);
    }

    @Override
    public void log(ClientLog.Level level, String format, Object[] args) {
        Level jul = julLevel(level);
        if (!logger.isLoggable(jul)) {
            return;
        }
        StringBuilder text = new StringBuilder(format.length() + 32);
        int used = 0;
        int from = 0;
        for (int at = format.indexOf(PLACEHOLDER); at >= 0 && used < args.length; at = format.indexOf(PLACEHOLDER, from)) {
            text.append(format, from, at).append(args[used++]);
            from = at + PLACEHOLDER.length();
        }
        text.append(format, from, format.length());
        LogRecord record = new LogRecord(jul, text.toString());
        record.setLoggerName(logger.getName());
        record.setSourceClassName(logger.getName());
        record.setSourceMethodName("");
        if (used < args.length && args[args.length - 1] instanceof Throwable) {
            record.setThrown((Throwable) args[args.length - 1]);
        }
        logger.log(record);
    }

    private static Level julLevel(ClientLog.Level level) {
        switch (level) {
            case TRACE:
                return Level.FINEST;
            case DEBUG:
                return Level.FINE;
            case INFO:
                return Level.INFO;
            case WARN:
                return Level.WARNING;
            default:
                return Level.SEVERE;
        }
    }
}
