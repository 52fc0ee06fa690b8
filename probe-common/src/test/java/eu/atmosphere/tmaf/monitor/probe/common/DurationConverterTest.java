package eu.atmosphere.tmaf.monitor.probe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsWhatOperatorsWrite() {
        assertEquals(Duration.ofMillis(250), converter.convert("250ms"));
        assertEquals(Duration.ofSeconds(10), converter.convert("10s"));
        assertEquals(Duration.ofSeconds(10), converter.convert("10"));
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofHours(1), converter.convert(" 1h "));
        assertEquals(Duration.ofSeconds(90), converter.convert("PT1M30S"));
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThrows(TypeConversionException.class, () -> converter.convert("soon"));
        assertThrows(TypeConversionException.class, () -> converter.convert("-5s"));
        assertThrows(TypeConversionException.class, () -> converter.convert("PT-5S"));
    }
}
