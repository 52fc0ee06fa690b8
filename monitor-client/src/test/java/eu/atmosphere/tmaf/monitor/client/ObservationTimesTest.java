package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import org.junit.jupiter.api.Test;

class ObservationTimesTest {

    @Test
    void tellsMillisecondsFromSeconds() {
        assertTrue(ObservationTimes.looksLikeMilliseconds(new Date().getTime()));
        assertFalse(ObservationTimes.looksLikeMilliseconds(MonitorClient.nowSeconds()));
        assertFalse(ObservationTimes.looksLikeMilliseconds(1535971455L));
        assertFalse(ObservationTimes.looksLikeMilliseconds(0L));
    }
}
