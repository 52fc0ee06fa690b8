package eu.atmosphere.tmaf.monitor.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Observations of one kind ({@code descriptionId}) about a resource: either measurements or
 * events.
 *
 * <pre>{@code
 * long now = Instant.now().getEpochSecond();
 * message.addData(new Data(Data.Type.EVENT, 33, new Observation(now, 724.0)));
 * }</pre>
 */
@JsonPropertyOrder({"type", "descriptionId", "observations"})
public class Data implements Serializable {

    /** The original library's value (java-client-lib 0.2): what one library serialized, the other reads. */
    private static final long serialVersionUID = -2216070550858223535L;

    /** Whether the observations are measurements or events. */
    public enum Type {
        /** A sampled quantity, serialised as {@code "measurement"}. */
        @JsonProperty("measurement")
        MEASUREMENT,
        /** Something that happened, serialised as {@code "event"}. */
        @JsonProperty("event")
        EVENT;

        /** @return the wire name, {@code "measurement"} or {@code "event"} */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param value the wire name, {@code "measurement"} or {@code "event"}
         * @return the type
         * @throws IllegalArgumentException if {@code value} is neither
         */
        public static Type fromValue(String value) {
            for (Type type : values()) {
                if (type.value().equals(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("not a data type: " + value + " (expected measurement or event)");
        }
    }

    private Type type;
    private long descriptionId;
    private final List<Observation> observations = new ArrayList<>();

    /** Creates an empty data item; for JSON binding and setters. */
    public Data() {
    }

    /**
     * Creates a data item.
     *
     * @param type          measurement or event
     * @param descriptionId what is observed
     * @param observations  the observations, at least one for a valid message
     */
    public Data(Type type, long descriptionId, Observation... observations) {
        this.type = type;
        this.descriptionId = descriptionId;
        this.observations.addAll(Arrays.asList(observations));
    }

    /**
     * Creates a data item (the original library's constructor).
     *
     * @param type          measurement or event
     * @param descriptionId what is observed
     * @param observations  the observations, copied; {@code null} for none
     */
    public Data(Type type, long descriptionId, List<Observation> observations) {
        this.type = type;
        this.descriptionId = descriptionId;
        setObservations(observations);
    }

    /** @return measurement or event */
    public Type getType() {
        return type;
    }

    /** @param type measurement or event */
    public void setType(Type type) {
        this.type = type;
    }

    /** @return what is observed */
    public long getDescriptionId() {
        return descriptionId;
    }

    /** @param descriptionId what is observed */
    public void setDescriptionId(long descriptionId) {
        this.descriptionId = descriptionId;
    }

    /** @return the observations, a live list */
    public List<Observation> getObservations() {
        return observations;
    }

    /** @param observations replaces the observations; {@code null} clears them */
    public void setObservations(List<Observation> observations) {
        this.observations.clear();
        if (observations != null) {
            this.observations.addAll(observations);
        }
    }

    /**
     * Appends an observation.
     *
     * @param observation the observation
     * @return this data item
     */
    public Data addObservation(Observation observation) {
        observations.add(observation);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Data)) {
            return false;
        }
        Data other = (Data) o;
        return type == other.type
                && descriptionId == other.descriptionId
                && observations.equals(other.observations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, descriptionId, observations);
    }

    @Override
    public String toString() {
        return "Data{type=" + type + ", descriptionId=" + descriptionId
                + ", observations=" + observations + '}';
    }
}
