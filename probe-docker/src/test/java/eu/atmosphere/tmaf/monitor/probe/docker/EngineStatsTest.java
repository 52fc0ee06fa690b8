package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.CGROUP_V2_STATE;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.assertExactly;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.assertValue;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.with;
import static java.util.Map.entry;
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
import java.util.List;
import java.util.Map;
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
        assertExactly(m, Map.ofEntries(
                entry(CPU_TOTAL, 1_509_348_832L),
                entry(CPU_KERNEL, 10_000_000L),
                entry(CPU_USER, 1_490_000_000L),
                entry(CPU_SYSTEM, 4_070_670_000_000L),
                entry(CPU_ONLINE, 2L),
                entry(CPU_THROTTLING_PERIODS, 32L),
                entry(CPU_THROTTLED_PERIODS, 27L),
                entry(CPU_THROTTLED_TIME, 826_585_755L),
                entry(MEMORY_USAGE, 618_496L),
                entry(MEMORY_LIMIT, 67_108_864L),
                entry(MEMORY_CACHE, 0L),
                entry(MEMORY_RSS, 110_592L),
                entry(MEMORY_WORKING_SET, 618_496L),
                entry(MEMORY_MAX_USAGE, 3_829_760L),
                entry(MEMORY_PAGE_FAULTS, 1077L),
                entry(MEMORY_MAJOR_PAGE_FAULTS, 0L),
                entry(PIDS_CURRENT, 2L),
                entry(PIDS_LIMIT, 50L)));
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
        assertExactly(m, with(CGROUP_V2_STATE, Map.ofEntries(
                entry(CPU_SYSTEM, 9_876_540_000_000L),
                entry(CPU_THROTTLING_PERIODS, 120L),
                entry(CPU_THROTTLED_PERIODS, 15L),
                entry(NET_RX_BYTES, 6338L),
                entry(NET_RX_PACKETS, 46L),
                entry(NET_RX_ERRORS, 1L),
                entry(NET_RX_DROPPED, 2L),
                entry(NET_TX_BYTES, 1000L),
                entry(NET_TX_PACKETS, 12L),
                entry(NET_TX_ERRORS, 0L),
                entry(NET_TX_DROPPED, 1L))));
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

    static EngineStats fixture(String name) {
        try (InputStream in = EngineStatsTest.class.getResourceAsStream("/stats/" + name)) {
            return EngineStats.of(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
