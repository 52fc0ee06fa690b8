package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.CGROUP_V2_STATE;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.assertExactly;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.assertValue;
import static eu.atmosphere.tmaf.monitor.probe.docker.ExpectedMeasurements.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.CgroupsV1;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.CgroupsV2;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * containerd task metrics into the container table: cgroup v2 (this machine's kernel runs cgroup v1, so v2
 * is covered by messages built here with containerd/cgroups' field numbers; v1 is also measured live by
 * {@link ContainerdTest}), the same ids and units as the Docker Engine's stats.
 */
class TaskMetricsTest {

    private static final Instant READ = Instant.parse("2026-12-01T01:30:00Z");
    private static final HostProc.HostCpu HOST = new HostProc.HostCpu(4_000_000_000_000L, 4);
    private static final long HOST_MEMORY = 8L << 30;

    @Test
    void cgroupV2MicrosecondsBecomeNanosecondsAndIoSumsOverDevices() {
        CgroupsV2.Metrics metrics = CgroupsV2.Metrics.newBuilder()
                .setPids(CgroupsV2.PidsStat.newBuilder().setCurrent(7).setLimit(1000))
                .setCpu(CgroupsV2.CPUStat.newBuilder().setUsageUsec(3_821_542).setUserUsec(3_409_542)
                        .setSystemUsec(412_000).setNrPeriods(40).setNrThrottled(3).setThrottledUsec(734_000))
                .setMemory(CgroupsV2.MemoryStat.newBuilder().setUsage(52_428_800).setUsageLimit(268_435_456)
                        .setFile(18_874_368).setAnon(31_457_280).setInactiveFile(12_582_912).setPgfault(23_040)
                        .setPgmajfault(12))
                .setIo(CgroupsV2.IOStat.newBuilder()
                        .addUsage(CgroupsV2.IOEntry.newBuilder().setMajor(254).setRbytes(1_589_248).setWbytes(41_943_040)
                                .setRios(90).setWios(10))
                        .addUsage(CgroupsV2.IOEntry.newBuilder().setMajor(7).setRbytes(4096).setRios(1)))
                .build();

        TaskMetrics stats = v2(metrics, Optional.empty());
        Measurements m = stats.measurements(null);

        assertTrue(stats.cgroupV2());
        assertEquals(READ.getEpochSecond(), m.epochSeconds());
        assertExactly(m, with(CGROUP_V2_STATE, Map.of(
                CPU_SYSTEM, HOST.systemNanos(),
                CPU_THROTTLING_PERIODS, 40L,
                CPU_THROTTLED_PERIODS, 3L,
                BLKIO_READ_OPS, 91L,
                BLKIO_WRITE_OPS, 10L)));
    }

    @Test
    void cgroupV2UnlimitedMemoryIsTheHostsAndUnlimitedPidsAbsentAndNetworkFromTheTask() {
        CgroupsV2.Metrics metrics = CgroupsV2.Metrics.newBuilder()
                .setPids(CgroupsV2.PidsStat.newBuilder().setCurrent(1).setLimit(Long.MAX_VALUE))
                .setMemory(CgroupsV2.MemoryStat.newBuilder().setUsage(1000).setUsageLimit(Long.MAX_VALUE))
                .build();
        HostProc.NetCounters net = new HostProc.NetCounters(1, 2, 3, 4, 5, 6, 7, 8);

        Measurements m = v2(metrics, Optional.of(net)).measurements(null);

        assertValue(m, MEMORY_LIMIT, HOST_MEMORY);
        assertTrue(m.get(PIDS_LIMIT).isEmpty());
        assertTrue(m.get(CPU_TOTAL).isEmpty() && m.get(BLKIO_READ_BYTES).isEmpty(), "no cpu, no io: absent, not 0");
        assertValue(m, NET_RX_BYTES, 1);
        assertValue(m, NET_RX_PACKETS, 2);
        assertValue(m, NET_RX_ERRORS, 3);
        assertValue(m, NET_RX_DROPPED, 4);
        assertValue(m, NET_TX_BYTES, 5);
        assertValue(m, NET_TX_PACKETS, 6);
        assertValue(m, NET_TX_ERRORS, 7);
        assertValue(m, NET_TX_DROPPED, 8);
    }

    @Test
    void cpuPercentAsDockerComputesItBetweenTwoSamples() {
        CgroupsV1.Metrics first = v1Cpu(1_000_000_000L);
        CgroupsV1.Metrics second = v1Cpu(1_500_000_000L);
        HostProc.HostCpu later = new HostProc.HostCpu(HOST.systemNanos() + 4_000_000_000L, 4);

        TaskMetrics before = TaskMetrics.of(READ, Any.pack(first, ""), Optional.of(HOST), OptionalLong.empty(),
                Optional.empty());
        TaskMetrics after = TaskMetrics.of(READ.plusSeconds(1), Any.pack(second, ""), Optional.of(later),
                OptionalLong.empty(), Optional.empty());
        Measurements m = after.measurements(before);

        assertEquals(100.0 * 500_000_000 / 4_000_000_000L * 4, m.get(CPU_PERCENT).orElseThrow(), 1e-9);
        assertTrue(before.measurements(null).get(CPU_PERCENT).isEmpty(), "no previous sample");
        assertExactly(before.measurements(null), Map.of(CPU_TOTAL, 1_000_000_000L, CPU_KERNEL, 0L, CPU_USER, 0L,
                CPU_SYSTEM, HOST.systemNanos(), CPU_ONLINE, 4L, CPU_THROTTLING_PERIODS, 0L, CPU_THROTTLED_PERIODS, 0L,
                CPU_THROTTLED_TIME, 0L));
    }

    @Test
    void anotherTypeIsRefused() {
        Any data = Any.newBuilder().setTypeUrl("io.containerd.cgroups.v3.Metrics").setValue(ByteString.EMPTY).build();

        assertThrows(IllegalArgumentException.class,
                () -> TaskMetrics.of(READ, data, Optional.empty(), OptionalLong.empty(), Optional.empty()));
    }

    private static CgroupsV1.Metrics v1Cpu(long total) {
        return CgroupsV1.Metrics.newBuilder().setCpu(CgroupsV1.CPUStat.newBuilder()
                .setUsage(CgroupsV1.CPUUsage.newBuilder().setTotal(total))).build();
    }

    /** As containerd sends it: the Any's type URL is the bare message name. */
    private static TaskMetrics v2(CgroupsV2.Metrics metrics, Optional<HostProc.NetCounters> net) {
        return TaskMetrics.of(READ, Any.pack(metrics, ""), Optional.of(HOST), OptionalLong.of(HOST_MEMORY), net);
    }
}
