package eu.atmosphere.tmaf.monitor.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Marker;

/**
 * Lets a warning of a chatty library through at most once per window per cause, and says with the
 * next one how many were held back: an unreachable Kafka makes its client log "Connection to node -1
 * could not be established" several times a second; with this filter it is one line per 30 s,
 * e.g. {@code ... could not be established. Node may not be available. [41 more like this in the last 30 s]}.
 *
 * <p>A cause is the logger plus the message template (before its arguments are filled in). Only loggers
 * under the configured prefixes and levels WARN and above are limited; everything else passes untouched.
 * Configured in {@code logback.xml}:
 *
 * <pre>{@code
 * <turboFilter class="eu.atmosphere.tmaf.monitor.server.logging.RepeatedWarningFilter">
 *   <loggerPrefix>org.apache.kafka</loggerPrefix>
 *   <windowSeconds>30</windowSeconds>
 * </turboFilter>
 * }</pre>
 */
public final class RepeatedWarningFilter extends TurboFilter {

    private final LongSupplier nanoClock;
    private final Map<String, Cause> causes = new ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> reporting = ThreadLocal.withInitial(() -> false);
    private volatile String[] loggerPrefixes = new String[0];
    private volatile long windowNanos = Duration.ofSeconds(30).toNanos();

    /** A filter on {@link System#nanoTime()}. */
    public RepeatedWarningFilter() {
        this(System::nanoTime);
    }

    RepeatedWarningFilter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** @param prefix logger names starting with it are limited (may be given several times) */
    public void addLoggerPrefix(String prefix) {
        String[] more = Arrays.copyOf(loggerPrefixes, loggerPrefixes.length + 1);
        more[loggerPrefixes.length] = prefix;
        loggerPrefixes = more;
    }

    /** @param seconds at most one warning per cause in this many seconds, default 30 */
    public void setWindowSeconds(long seconds) {
        windowNanos = Duration.ofSeconds(seconds).toNanos();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || format == null || reporting.get()
                || !limited(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        long held = causes.computeIfAbsent(logger.getName() + '\n' + format, key -> new Cause()).admit(nanoClock.getAsLong(),
                windowNanos);
        if (held < 0) {
            return FilterReply.DENY;
        }
        if (held == 0) {
            return FilterReply.NEUTRAL;
        }
        reporting.set(true);
        try {
            String withCount = format + " [{} more like this in the last {} s]";
            logger.log(marker, Logger.FQCN, Level.toLocationAwareLoggerInteger(level), withCount,
                    withCount(params, held), t);
        } finally {
            reporting.set(false);
        }
        return FilterReply.DENY;
    }

    private boolean limited(String loggerName) {
        for (String prefix : loggerPrefixes) {
            if (loggerName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The arguments followed by the count and the window, before a trailing throwable if there is one. */
    private Object[] withCount(Object[] params, long held) {
        Object[] given = params == null ? new Object[0] : params;
        int throwableAt = given.length > 0 && given[given.length - 1] instanceof Throwable ? given.length - 1 : given.length;
        Object[] all = new Object[given.length + 2];
        System.arraycopy(given, 0, all, 0, throwableAt);
        all[throwableAt] = held;
        all[throwableAt + 1] = Duration.ofNanos(windowNanos).toSeconds();
        System.arraycopy(given, throwableAt, all, throwableAt + 2, given.length - throwableAt);
        return all;
    }

    /** One cause's window: when the next line may pass, and how many were held back since the last one. */
    private static final class Cause {
        private long nextAllowed = Long.MIN_VALUE;
        private long held;

        /** @return -1 to hold this one back, else the number held back before it (0: none) */
        synchronized long admit(long now, long window) {
            if (nextAllowed != Long.MIN_VALUE && now - nextAllowed < 0) {
                held++;
                return -1;
            }
            nextAllowed = now + window;
            long before = held;
            held = 0;
            return before;
        }
    }
}
