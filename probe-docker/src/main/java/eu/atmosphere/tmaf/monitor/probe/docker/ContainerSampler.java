package eu.atmosphere.tmaf.monitor.probe.docker;

import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.Sample;
import eu.atmosphere.tmaf.monitor.probe.common.Sampler;
import eu.atmosphere.tmaf.monitor.probe.common.SourceUnavailableException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sample per running watched container per round, from the container runtime's statistics
 * (Docker Engine or containerd).
 *
 * <ul>
 * <li>Watched: the containers named (or id'd) explicitly, whether they exist yet or not; plus the
 *     running containers matching all label filters; with neither, every running container.</li>
 * <li>A named container that does not exist yet or is stopped is waited for and re-attached when it
 *     runs again (also after {@code docker restart} or being re-created under the same name).</li>
 * <li>resourceId: configured for the container's name ({@code --resource-id name=id}), else the
 *     container's resource-id label, else derived from the name ({@link ResourceIds#derive}).</li>
 * </ul>
 *
 * <pre>{@code
 * Sampler sampler = new ContainerSampler(Engine.connect("unix:///var/run/docker.sock"),
 *         List.of("web"), List.of(), new ResourceIds(Map.of()), DockerProbe.DEFAULT_RESOURCE_ID_LABEL);
 * List<Sample> samples = sampler.sample();
 * }</pre>
 */
final class ContainerSampler implements Sampler {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSampler.class);

    private final ContainerRuntime runtime;
    private final List<String> containers;
    private final List<String> labelFilters;
    private final ResourceIds resourceIds;
    private final String resourceIdLabel;
    private final Map<String, ContainerWatch> watches = new LinkedHashMap<>();
    private final Set<String> badLabels = new HashSet<>();

    /**
     * @param runtime         the container runtime
     * @param containers      names or ids watched explicitly
     * @param labelFilters    {@code key} or {@code key=value}: running containers matching all are watched
     * @param resourceIds     configured resourceIds by container name
     * @param resourceIdLabel the container label that may carry a container's resourceId
     */
    ContainerSampler(ContainerRuntime runtime, List<String> containers, List<String> labelFilters, ResourceIds resourceIds,
                     String resourceIdLabel) {
        this.runtime = runtime;
        this.containers = List.copyOf(containers);
        this.labelFilters = List.copyOf(labelFilters);
        this.resourceIds = resourceIds;
        this.resourceIdLabel = resourceIdLabel;
    }

    @Override
    public List<Sample> sample() throws SourceUnavailableException {
        runtime.ping();
        Set<String> selectors = new LinkedHashSet<>(containers);
        if (!labelFilters.isEmpty() || containers.isEmpty()) {
            selectors.addAll(runtime.runningNames(labelFilters));
        }
        forgetUnselected(selectors);
        List<Sample> samples = new ArrayList<>();
        for (String selector : selectors) {
            sample(selector).ifPresent(samples::add);
        }
        return samples;
    }

    /** @return the watch of a container, if it is watched */
    Optional<ContainerWatch> watch(String selector) {
        return Optional.ofNullable(watches.get(selector));
    }

    private Optional<Sample> sample(String selector) throws SourceUnavailableException {
        ContainerWatch watch = watches.computeIfAbsent(selector, ContainerWatch::new);
        try {
            Optional<ContainerRef> container = runtime.inspect(selector);
            long resourceId = container.map(this::resourceId).orElse(-1L);
            if (!watch.observe(container, resourceId)) {
                return Optional.empty();
            }
            ContainerStats stats = runtime.stats(container.get()).orElse(null);
            if (stats == null || stats.read().isEmpty()) {
                watch.lost();
                return Optional.empty();
            }
            Measurements measurements = stats.measurements(watch.advance(stats));
            return measurements.isEmpty() ? Optional.empty()
                    : Optional.of(new Sample(resourceId, measurements.data()));
        } catch (ContainerRefusedException e) {
            LOG.warn("{} refused the data of container {}: {}", runtime.describe(), selector, e.getMessage());
            return Optional.empty();
        }
    }

    private void forgetUnselected(Set<String> selectors) {
        watches.keySet().removeIf(selector -> {
            if (selectors.contains(selector)) {
                return false;
            }
            LOG.info("Container {} no longer runs or matches {}; watched again when it does", selector,
                    labelFilters.isEmpty() ? "(all containers)" : labelFilters);
            return true;
        });
    }

    private long resourceId(ContainerRef container) {
        String name = container.name();
        String label = container.labels().get(resourceIdLabel);
        if (resourceIds.isConfigured(name) || label == null) {
            return resourceIds.of(name);
        }
        try {
            return ResourceIds.requireValid(Long.parseLong(label.trim()), "label " + resourceIdLabel);
        } catch (IllegalArgumentException e) {
            if (badLabels.add(name + "=" + label)) {
                LOG.warn("Container {} has an invalid {} label ({}); using resourceId {} derived from its name",
                        name, resourceIdLabel, e.getMessage(), resourceIds.of(name));
            }
            return resourceIds.of(name);
        }
    }
}
