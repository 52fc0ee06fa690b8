package eu.atmosphere.tmaf.monitor.probe.common;

/**
 * The three columns of a metric table's row; held by each constant of a {@link Metric} enum.
 *
 * <pre>{@code
 * CPU_TOTAL(100, "cpu.usage.total", "ns")   // the constant's constructor builds
 * new MetricDefinition(100, "cpu.usage.total", "ns")
 * }</pre>
 *
 * @param descriptionId the {@code descriptionId} of the data items, unique across the probes of this project
 * @param key           a dotted name, e.g. {@code cpu.usage.total}
 * @param unit          the unit of the values, e.g. {@code ns}, {@code bytes}, {@code %}, {@code count}
 */
public record MetricDefinition(int descriptionId, String key, String unit) {
}
