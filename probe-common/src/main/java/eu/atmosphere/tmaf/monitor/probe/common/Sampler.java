package eu.atmosphere.tmaf.monitor.probe.common;

import java.util.List;

/**
 * Takes one round of samples; called by {@link ProbeLoop} once per interval from one thread.
 *
 * <pre>{@code
 * Sampler sampler = () -> List.of(new Sample(101098, List.of(
 *         new Data(Data.Type.MEASUREMENT, 0, new Observation(MonitorClient.nowSeconds(), 20000.00001)))));
 * }</pre>
 */
@FunctionalInterface
public interface Sampler {

    /**
     * @return the samples of this round, one per observed resource; empty if there is nothing to
     *         report right now (e.g. every watched container is stopped)
     * @throws SourceUnavailableException if the data source cannot be reached; the loop retries with
     *                                    backoff and this round does not count
     * @throws InterruptedException       if the probe is stopping
     */
    List<Sample> sample() throws SourceUnavailableException, InterruptedException;
}
