package eu.atmosphere.tmaf.monitor.probe.common;

/**
 * One row of a probe's metric table: what a {@code descriptionId} means. Implemented by enums whose
 * constants are the table; the ids are a contract with the consumers and never change. An enum holds one
 * {@link MetricDefinition} a constant and answers the row's columns from it:
 *
 * <pre>{@code
 * enum MyMetric implements Metric {
 *     QUEUE_LENGTH(900, "queue.length", "count");
 *     private final MetricDefinition definition;
 *     MyMetric(int descriptionId, String key, String unit) {
 *         this.definition = new MetricDefinition(descriptionId, key, unit);
 *     }
 *     public MetricDefinition definition() { return definition; }
 * }
 * }</pre>
 */
public interface Metric {

    /** @return this constant's row of the table */
    MetricDefinition definition();

    /** @return the {@code descriptionId} of the data items, unique across the probes of this project */
    default int descriptionId() {
        return definition().descriptionId();
    }

    /** @return a dotted name, e.g. {@code cpu.usage.total} */
    default String key() {
        return definition().key();
    }

    /** @return the unit of the values, e.g. {@code ns}, {@code bytes}, {@code %}, {@code count} */
    default String unit() {
        return definition().unit();
    }
}
