package eu.atmosphere.tmaf.monitor.probe.common;

import eu.atmosphere.tmaf.monitor.message.Data;
import java.util.List;
import java.util.Objects;

/**
 * What a probe observed about one resource in one round; becomes one message.
 *
 * @param resourceId the observed resource
 * @param data       the data items, at least one
 */
public record Sample(long resourceId, List<Data> data) {

    /** Checks the values and copies the list. */
    public Sample {
        if (resourceId < 0) {
            throw new IllegalArgumentException("resourceId must be >= 0: " + resourceId);
        }
        data = List.copyOf(Objects.requireNonNull(data, "data"));
        if (data.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one data item");
        }
    }
}
