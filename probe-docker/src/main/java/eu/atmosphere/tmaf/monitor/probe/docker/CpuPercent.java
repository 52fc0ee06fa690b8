package eu.atmosphere.tmaf.monitor.probe.docker;

import java.util.OptionalDouble;

/**
 * {@link ContainerMetric#CPU_PERCENT} as {@code docker stats} computes it, for every runtime: the
 * container's CPU time over the host's CPU time between two samples, times the online CPUs, in %
 * (100 = one CPU fully used).
 *
 * <pre>{@code
 * OptionalDouble percent = CpuPercent.between(previousTotal, total, previousSystem, system, onlineCpus);
 * }</pre>
 */
final class CpuPercent {

    private CpuPercent() {
    }

    /**
     * @return the percentage; empty if a counter went backwards (a restart) or the host's did not advance
     */
    static OptionalDouble between(long previousTotal, long total, long previousSystem, long system, long onlineCpus) {
        long containerDelta = total - previousTotal;
        long systemDelta = system - previousSystem;
        if (containerDelta < 0 || systemDelta <= 0 || onlineCpus <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * containerDelta / systemDelta * onlineCpus);
    }
}
