package eu.atmosphere.tmaf.monitor.probe.demo;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the original Python demo probe: for each descriptionId 0 to 9 one measurement of
 * {@code 20000.00001 + i} and one event of {@code 10000.00001 + i}, all observed at the same time.
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
    /** descriptionIds 0 to {@code DESCRIPTIONS - 1} are used. */
    public static final int DESCRIPTIONS = 10;

    private static final double MEASUREMENT_BASE = 20000.00001;
    private static final double EVENT_BASE = 10000.00001;

    private DemoData() {
    }

    /**
     * @param epochSeconds the observation time
     * @return the 20 data items, ordered by descriptionId, measurement before event
     */
    public static List<Data> items(long epochSeconds) {
        List<Data> items = new ArrayList<>(2 * DESCRIPTIONS);
        for (int i = 0; i < DESCRIPTIONS; i++) {
            items.add(new Data(Data.Type.MEASUREMENT, i, new Observation(epochSeconds, MEASUREMENT_BASE + i)));
            items.add(new Data(Data.Type.EVENT, i, new Observation(epochSeconds, EVENT_BASE + i)));
        }
        return items;
    }
}
