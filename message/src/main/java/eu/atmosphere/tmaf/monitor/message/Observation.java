package eu.atmosphere.tmaf.monitor.message;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.util.Objects;

/**
 * One observed value at one point in time.
 *
 * <p>{@code time} is in epoch <em>seconds</em>: downstream consumers store it as such.
 *
 * <pre>{@code
 * Observation o = new Observation(Instant.now().getEpochSecond(), 724.0);
 * }</pre>
 */
@JsonPropertyOrder({"time", "value"})
public class Observation implements Serializable {

    /** The original library's value (java-client-lib 0.2): what one library serialized, the other reads. */
    private static final long serialVersionUID = -8996252602629896220L;

    private long time;
    private double value;

    /** Creates an observation at time 0 with value 0; for JSON binding and setters. */
    public Observation() {
    }

    /**
     * Creates an observation.
     *
     * @param time  when the value was observed, epoch seconds
     * @param value the observed value
     */
    public Observation(long time, double value) {
        this.time = time;
        this.value = value;
    }

    /** @return when the value was observed, epoch seconds */
    public long getTime() {
        return time;
    }

    /** @param time when the value was observed, epoch seconds */
    public void setTime(long time) {
        this.time = time;
    }

    /** @return the observed value */
    public double getValue() {
        return value;
    }

    /** @param value the observed value */
    public void setValue(double value) {
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Observation)) {
            return false;
        }
        Observation other = (Observation) o;
        return time == other.time
                && Double.compare(value, other.value) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, value);
    }

    @Override
    public String toString() {
        return "Observation{time=" + time + ", value=" + value + '}';
    }
}
