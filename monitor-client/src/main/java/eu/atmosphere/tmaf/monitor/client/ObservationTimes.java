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
    /** 10^11: as seconds the year 5138, as milliseconds March 1973. */
    private static final long MILLISECONDS_THRESHOLD = 100_000_000_000L;

    private ObservationTimes() {
    }

    static void warnOnceIfMilliseconds(Message message) {
        if (WARNED.get()) {
            return;
        }
        for (Data data : message.getData()) {
            if (data == null) {
                continue;
            }
            for (Observation observation : data.getObservations()) {
                if (observation != null && looksLikeMilliseconds(observation.getTime())
                        && WARNED.compareAndSet(false, true)) {
                    LOG.warn("Observation time {} of probe {} looks like epoch milliseconds; the monitor's consumers"
                            + " read epoch seconds: use MonitorClient.nowSeconds(). (Logged once.)",
                            observation.getTime(), message.getProbeId());
                    return;
                }
            }
        }
    }

    /**
     * @param time an observation time
     * @return whether it reads as epoch milliseconds (the one test {@link SendChecks} uses for its hint too)
     */
    static boolean looksLikeMilliseconds(long time) {
        return time >= MILLISECONDS_THRESHOLD;
    }
}
