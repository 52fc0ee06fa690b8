package eu.atmosphere.tmaf.monitor.probe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric;
import eu.atmosphere.tmaf.monitor.probe.host.HostMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The descriptionId tables are a contract: unique, in their ranges, and exactly as the README documents them. */
class MetricTablesTest {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| `([a-z0-9_.]+)` \\| ([^|]+?) \\|");

    @Test
    void idsAreUniqueAndInTheirRanges() {
        Set<Integer> ids = new HashSet<>();
        for (Metric metric : all()) {
            assertTrue(ids.add(metric.descriptionId()), "duplicate descriptionId " + metric.descriptionId());
        }
        for (ContainerMetric metric : ContainerMetric.values()) {
            assertTrue(metric.descriptionId() >= 100 && metric.descriptionId() < 200, metric.key());
        }
        for (HostMetric metric : HostMetric.values()) {
            assertTrue(metric.descriptionId() >= 200 && metric.descriptionId() < 300, metric.key());
        }
    }

    @Test
    void theReadmeDocumentsEveryMetricWithItsIdAndUnit() throws IOException {
        Map<Integer, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                documented.put(Integer.parseInt(m.group(1)), m.group(2) + " " + m.group(3).trim());
            }
        }
        Map<Integer, String> implemented = new LinkedHashMap<>();
        for (Metric metric : all()) {
            implemented.put(metric.descriptionId(), metric.key() + " " + metric.unit());
        }
        assertEquals(implemented, documented);
    }

    private static List<Metric> all() {
        List<Metric> all = new ArrayList<>(List.of(ContainerMetric.values()));
        all.addAll(List.of(HostMetric.values()));
        return all;
    }
}
