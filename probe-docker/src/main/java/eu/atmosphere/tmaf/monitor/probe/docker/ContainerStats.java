package eu.atmosphere.tmaf.monitor.probe.docker;

import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import java.time.Instant;
import java.util.Optional;

/**
 * One statistics sample of one container, whatever the runtime, read into the {@link ContainerMetric}
 * table: what the sample does not carry is left out, never made 0.
 *
 * <pre>{@code
 * if (stats.read().isPresent()) {
 *     Measurements m = stats.measurements(previousSampleOfTheSameRunOrNull);
 * }
 * }</pre>
 */
interface ContainerStats {

    /** @return when the runtime took the sample; empty if it holds none (e.g. the container stopped) */
    Optional<Instant> read();

    /**
     * @param previous the container's previous sample of the same run, for {@link ContainerMetric#CPU_PERCENT};
     *                 {@code null} if none
     * @return the measurements of this sample, timed at {@link #read()} (epoch seconds)
     * @throws IllegalStateException if the sample holds no data
     */
    Measurements measurements(ContainerStats previous);
}
