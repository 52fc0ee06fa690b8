package eu.atmosphere.tmaf.monitor.probe.common;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The values of one resource at one time, collected metric by metric; what is not known is simply
 * not put, so it is absent from the message (never sent as 0).
 *
 * <pre>{@code
 * Measurements m = new Measurements(epochSeconds);
 * m.put(ContainerMetric.CPU_TOTAL, OptionalLong.of(123_000_000));
 * m.put(ContainerMetric.NET_RX_BYTES, OptionalLong.empty());      // ignored
 * List<Data> data = m.data();                                       // one measurement, descriptionId order
 * }</pre>
 */
public final class Measurements {

    private final long epochSeconds;
    private final Map<Metric, Double> values = new LinkedHashMap<>();

    /** @param epochSeconds when the values were observed */
    public Measurements(long epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    /** @return when the values were observed, epoch seconds */
    public long epochSeconds() {
        return epochSeconds;
    }

    /**
     * @param metric what
     * @param value  the value; ignored if not finite
     * @return this
     */
    public Measurements put(Metric metric, double value) {
        if (Double.isFinite(value)) {
            values.put(metric, value);
        }
        return this;
    }

    /** Puts the value if present. @return this */
    public Measurements put(Metric metric, OptionalLong value) {
        value.ifPresent(v -> put(metric, (double) v));
        return this;
    }

    /** Puts the value if present. @return this */
    public Measurements put(Metric metric, OptionalDouble value) {
        value.ifPresent(v -> put(metric, v));
        return this;
    }

    /** @return the value of {@code metric}, if put */
    public OptionalDouble get(Metric metric) {
        Double value = values.get(metric);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** @return whether nothing was put */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** @return one measurement per value put, ordered by descriptionId */
    public List<Data> data() {
        List<Data> data = new ArrayList<>(values.size());
        values.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getKey().descriptionId()))
                .forEach(e -> data.add(new Data(Data.Type.MEASUREMENT, e.getKey().descriptionId(),
                        new Observation(epochSeconds, e.getValue()))));
        return data;
    }
}
