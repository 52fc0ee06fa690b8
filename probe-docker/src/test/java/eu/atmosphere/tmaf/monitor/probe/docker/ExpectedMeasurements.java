package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the container table's tests expect of a runtime's reading: exact measurements, and the one cgroup v2
 * state both runtimes' tests read.
 *
 * <pre>{@code
 * assertExactly(stats.measurements(null), with(CGROUP_V2_STATE, Map.of(NET_RX_BYTES, 6338L)));
 * }</pre>
 */
final class ExpectedMeasurements {

    /**
     * One cgroup v2 container as both runtimes report it: the Engine's {@code stats/v2-api-shape.json} and the
     * containerd task metrics {@link TaskMetricsTest} builds hold the same counters, so both readings must give
     * these values (each runtime adds what only it reports).
     */
    static final Map<ContainerMetric, Long> CGROUP_V2_STATE = Map.ofEntries(
            entry(CPU_TOTAL, 3_821_542_000L),
            entry(CPU_KERNEL, 412_000_000L),
            entry(CPU_USER, 3_409_542_000L),
            entry(CPU_ONLINE, 4L),
            entry(CPU_THROTTLED_TIME, 734_000_000L),
            entry(MEMORY_USAGE, 52_428_800L),
            entry(MEMORY_LIMIT, 268_435_456L),
            entry(MEMORY_CACHE, 18_874_368L),
            entry(MEMORY_RSS, 31_457_280L),
            entry(MEMORY_WORKING_SET, 52_428_800L - 12_582_912L),
            entry(MEMORY_PAGE_FAULTS, 23_040L),
            entry(MEMORY_MAJOR_PAGE_FAULTS, 12L),
            entry(BLKIO_READ_BYTES, 1_589_248L + 4096L),
            entry(BLKIO_WRITE_BYTES, 41_943_040L),
            entry(PIDS_CURRENT, 7L),
            entry(PIDS_LIMIT, 1000L));

    private ExpectedMeasurements() {
    }

    /** @return {@code base} and {@code more} in one map (where both name a metric, {@code more}'s value) */
    static Map<ContainerMetric, Long> with(Map<ContainerMetric, Long> base, Map<ContainerMetric, Long> more) {
        Map<ContainerMetric, Long> all = new EnumMap<>(base);
        all.putAll(more);
        return all;
    }

    /** Asserts that {@code metric} is present with the value {@code expected}. */
    static void assertValue(Measurements m, ContainerMetric metric, long expected) {
        assertEquals((double) expected, m.get(metric).orElseThrow(() -> new AssertionError(metric + " absent")),
                metric.key());
    }

    /** Asserts the metrics of {@code expected} with their values, and every other metric of the table absent. */
    static void assertExactly(Measurements m, Map<ContainerMetric, Long> expected) {
        for (ContainerMetric metric : ContainerMetric.values()) {
            Long value = expected.get(metric);
            if (value == null) {
                assertTrue(m.get(metric).isEmpty(), metric.key() + " must be absent");
            } else {
                assertValue(m, metric, value);
            }
        }
    }
}
