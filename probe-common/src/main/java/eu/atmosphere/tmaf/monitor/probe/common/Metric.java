package eu.atmosphere.tmaf.monitor.probe.common;

/**
 * One row of a probe's metric table: what a {@code descriptionId} means. Implemented by enums whose
 * constants are the table; the ids are a contract with the consumers and never change.
 */
public interface Metric {

    /** @return the {@code descriptionId} of the data items, unique across the probes of this project */
    int descriptionId();

    /** @return a dotted name, e.g. {@code cpu.usage.total} */
    String key();

    /** @return the unit of the values, e.g. {@code ns}, {@code bytes}, {@code %}, {@code count} */
    String unit();
}
