package eu.atmosphere.tmaf.monitor.probe.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.probe.common.Sample;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reading the tests' samples and Kafka records by metric, for every runtime's tests. */
final class Samples {

    private Samples() {
    }

    static Sample only(List<Sample> samples) {
        assertEquals(1, samples.size(), "samples: " + samples);
        return samples.get(0);
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
