/**
 * What every TMA probe's command line shares: the monitor client options ({@link
 * eu.atmosphere.tmaf.monitor.probe.common.ClientOptions}), the sampling loop options and the loop itself
 * ({@link eu.atmosphere.tmaf.monitor.probe.common.ProbeLoop}), which sends one message per
 * {@link eu.atmosphere.tmaf.monitor.probe.common.Sample}, prints a progress line and turns the delivery
 * outcome into the exit code.
 *
 * <pre>{@code
 * @Command(name = "my-probe")
 * final class MyProbe implements Callable<Integer> {
 *     @Mixin ClientOptions client;
 *     @Mixin LoopOptions loop;
 *
 *     public Integer call() {
 *         Sampler sampler = () -> List.of(new Sample(42, List.of(
 *                 new Data(Data.Type.MEASUREMENT, 7, new Observation(MonitorClient.nowSeconds(), 1.0)))));
 *         return new ProbeLoop(client.config(OptionalLong.empty()), client.drainTimeout(), loop, System.out)
 *                 .run(sampler);
 *     }
 * }
 * }</pre>
 */
package eu.atmosphere.tmaf.monitor.probe.common;
