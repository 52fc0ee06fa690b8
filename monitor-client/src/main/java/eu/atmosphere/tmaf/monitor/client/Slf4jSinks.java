package eu.atmosphere.tmaf.monitor.client;

import java.util.function.Function;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The client's loggers through SLF4J (1.7 or 2.x API, whichever the probe resolved). Loaded only when
 * slf4j-api is on the class path (see {@link ClientLog}).
 */
final class Slf4jSinks {

    private Slf4jSinks() {
    }

    /** @return loggers of the SLF4J binding in use, or {@code null} if there is none (no-operation logging) */
    static Function<String, ClientLog.Sink> bound() {
        ILoggerFactory found = LoggerFactory.getILoggerFactory();
        ILoggerFactory factory = !(found instanceof NOPLoggerFactory) ? found : legacyBinding();
        return factory == null ? null : name -> sink(factory.getLogger(name));
    }

    /** @return the factory of an SLF4J 1.7 binding that slf4j-api 2 ignored, or {@code null} */
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

    private static ClientLog.Sink sink(Logger logger) {
        return (level, format, args) -> {
            switch (level) {
                case TRACE:
                    logger.trace(format, args);
                    break;
                case DEBUG:
                    logger.debug(format, args);
                    break;
                case INFO:
                    logger.info(format, args);
                    break;
                case WARN:
                    logger.warn(format, args);
                    break;
                default:
                    logger.error(format, args);
                    break;
            }
        };
    }
}
