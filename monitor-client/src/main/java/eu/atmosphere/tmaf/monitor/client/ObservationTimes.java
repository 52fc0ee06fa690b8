package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warns once per JVM when an observation time looks like epoch milliseconds although the client allows
 * the 64-bit range (by default {@link SendChecks} refuses such times). Values are never changed.
 */
final class ObservationTimes {

    private static final ClientLog LOG = ClientLog.of(ObservationTimes.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ObservationTimes() {
    }

    static void warnOnceIfMilliseconds(Message message) {
        if (WARNED.get()) {
            return;
        }
        for (Data data : message.getData()) {
            for (Observation observation : data.getObservations()) {
                if (looksLikeMilliseconds(observation.getTime()) && WARNED.compareAndSet(false, true)) {
                    LOG.warn("Observation time {} of probe {} looks like epoch milliseconds; the monitor's consumers"
                            + " read epoch seconds: use MonitorClient.nowSeconds(). (Logged once.)",
                            observation.getTime(), message.getProbeId());
                    return;
                }
            }
        }
    }

    static boolean looksLikeMilliseconds(long time) {
        return time >= SendChecks.MILLISECONDS_THRESHOLD;
    }
}
