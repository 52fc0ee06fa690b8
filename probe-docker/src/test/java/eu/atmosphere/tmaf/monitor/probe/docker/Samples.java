package eu.atmosphere.tmaf.monitor.probe.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.Sample;
import eu.atmosphere.tmaf.monitor.probe.common.SourceUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reading the tests' samples and Kafka records by metric, and checking a sampler's rounds over one watched
 * container, for every runtime's tests.
 */
final class Samples {

    private Samples() {
    }

    static Sample only(List<Sample> samples) {
        assertEquals(1, samples.size(), "samples: " + samples);
        return samples.get(0);
    }

    /** Runs one round of {@code sampler}: no sample, and the watch of container {@code name} in {@code state}. */
    static void assertNoSample(ContainerSampler sampler, String name, ContainerWatch.State state)
            throws SourceUnavailableException {
        assertEquals(List.of(), sampler.sample(), "samples of " + name);
        assertEquals(state, sampler.watch(name).orElseThrow().state(), "state of " + name);
    }

    /**
     * Runs one round of {@code sampler}: the one sample of container {@code name}, with the resourceId derived
     * from the name, and its watch attached to a running container {@code attachments} times so far.
     */
    static void assertSampled(ContainerSampler sampler, String name, int attachments)
            throws SourceUnavailableException {
        assertEquals(ResourceIds.derive(name), only(sampler.sample()).resourceId(), "resourceId of " + name);
        assertEquals(attachments, sampler.watch(name).orElseThrow().attachments(), "attachments of " + name);
    }

    static OptionalDouble value(Sample sample, ContainerMetric metric) {
        Optional<Data> item = sample.data().stream().filter(d -> d.getDescriptionId() == metric.descriptionId())
                .findFirst();
        return item.map(d -> OptionalDouble.of(d.getObservations().get(0).getValue())).orElse(OptionalDouble.empty());
    }

    static double valueIn(JsonNode message, ContainerMetric metric) {
        for (JsonNode item : message.get("data")) {
            if (item.get("descriptionId").asInt() == metric.descriptionId()) {
                return item.get("observations").get(0).get("value").asDouble();
            }
        }
        throw new AssertionError(metric.key() + " missing in " + message);
    }
}
