package eu.atmosphere.tmaf.monitor.probe.demo;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the original Python demo probe: for each i from 0 to 9 one measurement of
 * {@code 20000.00001 + i} (descriptionId i) and one event of {@code 10000.00001 + i}, all observed
 * at the same time. The original sent the event with the measurement's descriptionId too; the TMA
 * knowledge base keys an observation by (probe, descriptionId, resource, time) and ignores the
 * type, so one of each pair was dropped there. Here events use descriptionId {@code 10 + i}, and
 * all 20 observations are stored.
 *
 * <pre>{@code
 * List<Data> items = DemoData.items(MonitorClient.nowSeconds());   // 20 items
 * }</pre>
 */
public final class DemoData {

    /** The resource the original demo probe reported about. */
    public static final long RESOURCE_ID = 101098;
    /** The probe id of the original Java demo ({@code client.authenticate(1098, ...)}). */
    public static final long PROBE_ID = 1098;
    /** Measurements use descriptionIds 0 to {@code DESCRIPTIONS - 1}. */
    public static final int DESCRIPTIONS = 10;
    /**
     * Events use descriptionIds {@code EVENT_DESCRIPTION_OFFSET + i}: distinct from the measurements', as the
     * knowledge base's primary key (probe, descriptionId, resource, time) ignores the type.
     */
    public static final int EVENT_DESCRIPTION_OFFSET = DESCRIPTIONS;

    private static final double MEASUREMENT_BASE = 20000.00001;
    private static final double EVENT_BASE = 10000.00001;

    private DemoData() {
    }

    /**
     * @param epochSeconds the observation time
     * @return the 20 data items: measurement i (descriptionId i), then event i (descriptionId 10 + i), for i = 0..9
     */
    public static List<Data> items(long epochSeconds) {
        List<Data> items = new ArrayList<>(2 * DESCRIPTIONS);
        for (int i = 0; i < DESCRIPTIONS; i++) {
            items.add(new Data(Data.Type.MEASUREMENT, i, new Observation(epochSeconds, MEASUREMENT_BASE + i)));
            items.add(new Data(Data.Type.EVENT, EVENT_DESCRIPTION_OFFSET + i,
                    new Observation(epochSeconds, EVENT_BASE + i)));
        }
        return items;
    }
}
