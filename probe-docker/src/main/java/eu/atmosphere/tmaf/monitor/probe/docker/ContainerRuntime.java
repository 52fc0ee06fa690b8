package eu.atmosphere.tmaf.monitor.probe.docker;

import eu.atmosphere.tmaf.monitor.probe.common.SourceUnavailableException;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where containers and their statistics come from: the Docker Engine ({@link Engine}) or containerd
 * ({@link Containerd}). The {@link ContainerSampler} works the same on both.
 *
 * <p>Every method turns "the runtime cannot be reached" into {@link SourceUnavailableException}; the
 * runtime refusing the data of one container is a {@link ContainerRefusedException}.
 *
 * <pre>{@code
 * try (ContainerRuntime runtime = Containerd.connect("/run/containerd/containerd.sock", "k8s.io", HostProc.LOCAL)) {
 *     runtime.ping();
 *     for (String name : runtime.runningNames(List.of())) {
 *         ContainerRef container = runtime.inspect(name).orElseThrow();
 *         Optional<ContainerStats> stats = runtime.stats(container);
 *     }
 * }
 * }</pre>
 */
interface ContainerRuntime extends AutoCloseable {

    /** @return what this runtime is and where, for log lines, e.g. {@code Docker daemon at unix:///var/run/docker.sock} */
    String describe();

    /** @throws SourceUnavailableException if the runtime does not answer */
    void ping() throws SourceUnavailableException;

    /**
     * @param nameOrId a container name or id
     * @return the container, or empty if there is none by that name or id
     */
    Optional<ContainerRef> inspect(String nameOrId) throws SourceUnavailableException;

    /**
     * @param labelFilters {@code key} or {@code key=value} filters, all of which must match; empty for
     *                     every running container
     * @return the names of the running containers that match
     */
    List<String> runningNames(Collection<String> labelFilters) throws SourceUnavailableException;

    /**
     * Reads one statistics sample.
     *
     * @param container a running container, as {@link #inspect} returned it this round
     * @return the sample, or empty if the container is gone or stopped
     */
    Optional<ContainerStats> stats(ContainerRef container) throws SourceUnavailableException;

    @Override
    void close() throws IOException;
}
