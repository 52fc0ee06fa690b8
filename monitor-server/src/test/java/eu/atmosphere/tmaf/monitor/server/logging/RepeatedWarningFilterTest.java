package eu.atmosphere.tmaf.monitor.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One warning per cause per window, the next one carrying the count held back; other loggers untouched. */
class RepeatedWarningFilterTest {

    private final AtomicLong now = new AtomicLong();
    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> appended = new ListAppender<>();

    @BeforeEach
    void configure() {
        RepeatedWarningFilter filter = new RepeatedWarningFilter(now::get);
        filter.addLoggerPrefix("org.apache.kafka");
        filter.setWindowSeconds(30);
        filter.start();
        context.addTurboFilter(filter);
        appended.setContext(context);
        appended.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appended);
    }

    @Test
    void aRepeatedWarningPassesOncePerWindowWithTheCountHeldBack() {
        Logger kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        for (int i = 0; i < 84; i++) {
            kafka.warn("Connection to node {} ({}) could not be established.", -1, "/127.0.0.1:1");
            kafka.warn("Bootstrap broker {} disconnected", "127.0.0.1:1");
            now.addAndGet(Duration.ofMillis(500).toNanos());
        }

        assertEquals(List.of(
                "Connection to node -1 (/127.0.0.1:1) could not be established.",
                "Bootstrap broker 127.0.0.1:1 disconnected",
                "Connection to node -1 (/127.0.0.1:1) could not be established. [59 more like this in the last 30 s]",
                "Bootstrap broker 127.0.0.1:1 disconnected [59 more like this in the last 30 s]"),
                messages().subList(0, 4));
        assertEquals(4, messages().size(), "84 x 0.5 s = 42 s: two windows begun");
    }

    @Test
    void otherLoggersAndLevelsBelowWarnPass() {
        Logger server = context.getLogger("eu.atmosphere.tmaf.monitor.server.ServeCommand");
        Logger kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        for (int i = 0; i < 3; i++) {
            server.warn("not ready");
            kafka.info("informational");
        }

        assertEquals(List.of("not ready", "informational", "not ready", "informational", "not ready", "informational"),
                messages());
    }

    private List<String> messages() {
        return appended.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
