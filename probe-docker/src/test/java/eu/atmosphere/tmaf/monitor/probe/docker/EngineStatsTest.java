package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Engine stats layouts of cgroup v1 (recorded) and v2 (documented shape), see stats/README.md. */
class EngineStatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cgroupV1WithLimitsAndNoBlockIoOrNetwork() {
        EngineStats stats = fixture("v1-cpu-limited.json");
        Measurements m = stats.measurements(null);

        assertEquals(EngineStats.Layout.CGROUP_V1, stats.layout());
        assertEquals(Instant.parse("2026-11-27T05:29:01Z").getEpochSecond(), m.epochSeconds());
        assertValue(m, CPU_TOTAL, 1509348832);
        assertValue(m, CPU_KERNEL, 10000000);
        assertValue(m, CPU_USER, 1490000000);
        assertValue(m, CPU_SYSTEM, 4070670000000L);
        assertValue(m, CPU_ONLINE, 2);
        assertValue(m, CPU_THROTTLING_PERIODS, 32);
        assertValue(m, CPU_THROTTLED_PERIODS, 27);
        assertValue(m, CPU_THROTTLED_TIME, 826585755);
        assertValue(m, MEMORY_USAGE, 618496);
        assertValue(m, MEMORY_LIMIT, 67108864);
        assertValue(m, MEMORY_CACHE, 0);
        assertValue(m, MEMORY_RSS, 110592);
        assertValue(m, MEMORY_WORKING_SET, 618496);
        assertValue(m, MEMORY_MAX_USAGE, 3829760);
        assertValue(m, MEMORY_PAGE_FAULTS, 1077);
        assertValue(m, MEMORY_MAJOR_PAGE_FAULTS, 0);
        assertValue(m, PIDS_CURRENT, 2);
        assertValue(m, PIDS_LIMIT, 50);
        assertOnly(m, EnumSet.of(CPU_TOTAL, CPU_KERNEL, CPU_USER, CPU_SYSTEM, CPU_ONLINE, CPU_THROTTLING_PERIODS,
                CPU_THROTTLED_PERIODS, CPU_THROTTLED_TIME, MEMORY_USAGE, MEMORY_LIMIT, MEMORY_CACHE, MEMORY_RSS,
                MEMORY_WORKING_SET, MEMORY_MAX_USAGE, MEMORY_PAGE_FAULTS, MEMORY_MAJOR_PAGE_FAULTS, PIDS_CURRENT,
                PIDS_LIMIT));
    }

    @Test
    void cgroupV1BlockIoSumsReadAndWriteOnly() {
        Measurements m = fixture("v1-blkio.json").measurements(null);

        assertValue(m, BLKIO_READ_BYTES, 0);
        assertValue(m, BLKIO_WRITE_BYTES, 20971520);
        assertValue(m, BLKIO_READ_OPS, 0);
        assertValue(m, BLKIO_WRITE_OPS, 20);
        assertValue(m, MEMORY_LIMIT, 25276510208L);
        assertTrue(m.get(PIDS_LIMIT).isEmpty(), "no pids limit: absent");
    }

    @Test
    void cgroupV2CountersAndNetworkSummedOverInterfaces() {
        EngineStats stats = fixture("v2-api-shape.json");
        Measurements m = stats.measurements(null);

        assertEquals(EngineStats.Layout.CGROUP_V2, stats.layout());
        assertValue(m, CPU_TOTAL, 3821542000L);
        assertValue(m, CPU_KERNEL, 412000000);
        assertValue(m, CPU_USER, 3409542000L);
        assertValue(m, CPU_ONLINE, 4);
        assertValue(m, CPU_THROTTLED_TIME, 734000000);
        assertValue(m, MEMORY_USAGE, 52428800);
        assertValue(m, MEMORY_LIMIT, 268435456);
        assertValue(m, MEMORY_CACHE, 18874368);
        assertValue(m, MEMORY_RSS, 31457280);
        assertValue(m, MEMORY_WORKING_SET, 52428800 - 12582912);
        assertValue(m, MEMORY_PAGE_FAULTS, 23040);
        assertValue(m, MEMORY_MAJOR_PAGE_FAULTS, 12);
        assertValue(m, BLKIO_READ_BYTES, 1589248 + 4096);
        assertValue(m, BLKIO_WRITE_BYTES, 41943040);
        assertValue(m, NET_RX_BYTES, 6338);
        assertValue(m, NET_RX_PACKETS, 46);
        assertValue(m, NET_RX_ERRORS, 1);
        assertValue(m, NET_RX_DROPPED, 2);
        assertValue(m, NET_TX_BYTES, 1000);
        assertValue(m, NET_TX_PACKETS, 12);
        assertValue(m, NET_TX_ERRORS, 0);
        assertValue(m, NET_TX_DROPPED, 1);
        assertValue(m, PIDS_CURRENT, 7);
        assertValue(m, PIDS_LIMIT, 1000);
        assertTrue(m.get(MEMORY_MAX_USAGE).isEmpty(), "v2 has no max_usage");
        assertTrue(m.get(BLKIO_READ_OPS).isEmpty() && m.get(BLKIO_WRITE_OPS).isEmpty(), "v2 has no op counts");
        assertEquals(ContainerMetric.values().length - 4, m.data().size(), "all but max usage, ops and percent");
    }

    @Test
    void cpuPercentBetweenTwoSamplesOfTheSameRun() {
        EngineStats first = fixture("v1-cpu-limited.json");
        EngineStats second = fixture("v1-cpu-limited-2s-later.json");

        double percent = second.measurements(first).get(CPU_PERCENT).orElseThrow();

        assertEquals(100.0 * (2595732361L - 1509348832L) / (4075080000000L - 4070670000000L) * 2, percent, 1e-9);
        assertEquals(49.27, percent, 0.01, "the container is limited to half a CPU");
    }

    @Test
    void noCpuPercentWhenTheCountersWentBack() {
        EngineStats later = fixture("v1-cpu-limited-2s-later.json");

        assertTrue(fixture("v1-cpu-limited.json").measurements(later).get(CPU_PERCENT).isEmpty());
        assertTrue(later.measurements(null).get(CPU_PERCENT).isEmpty(), "no previous sample");
    }

    @Test
    void aStoppedContainersDocumentHoldsNoSample() {
        EngineStats stopped = fixture("v1-stopped.json");

        assertTrue(stopped.read().isEmpty());
        assertThrows(IllegalStateException.class, () -> stopped.measurements(null));
    }

    @Test
    void dataItemsAreMeasurementsInDescriptionIdOrderAtTheReadTime() {
        List<Data> data = fixture("v2-api-shape.json").measurements(null).data();

        long read = Instant.parse("2026-11-27T05:30:07Z").getEpochSecond();
        long previousId = -1;
        for (Data item : data) {
            assertEquals(Data.Type.MEASUREMENT, item.getType());
            assertTrue(item.getDescriptionId() > previousId);
            previousId = item.getDescriptionId();
            assertEquals(read, item.getObservations().get(0).getTime());
        }
    }

    static void assertValue(Measurements m, ContainerMetric metric, long expected) {
        assertEquals((double) expected, m.get(metric).orElseThrow(() -> new AssertionError(metric + " absent")),
                metric.key());
    }

    static void assertOnly(Measurements m, Set<ContainerMetric> present) {
        for (ContainerMetric metric : ContainerMetric.values()) {
            assertEquals(present.contains(metric), m.get(metric).isPresent(), metric.key());
        }
    }

    static EngineStats fixture(String name) {
        try (InputStream in = EngineStatsTest.class.getResourceAsStream("/stats/" + name)) {
            return EngineStats.of(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
