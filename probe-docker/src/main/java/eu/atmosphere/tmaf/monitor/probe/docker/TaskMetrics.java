package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.CgroupsV1;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.CgroupsV2;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One containerd task metrics sample ({@code Tasks.Metrics}: {@code io.containerd.cgroups.v1.Metrics}
 * or {@code io.containerd.cgroups.v2.Metrics}), with the host's CPU time and memory and the task's
 * network counters read beside it, into the {@link ContainerMetric} table with the same meaning as the
 * Docker Engine's stats. What the sample does not carry is left out, never made 0.
 *
 * <pre>{@code
 * TaskMetrics stats = TaskMetrics.of(metric.getTimestamp(), metric.getData(), proc.cpu(), proc.memoryTotal(),
 *         proc.network(pid));
 * Measurements m = stats.measurements(previousOrNull);
 * }</pre>
 */
final class TaskMetrics implements ContainerStats {

    /** The Any type of cgroup v1 task metrics. */
    static final String V1_TYPE = "io.containerd.cgroups.v1.Metrics";
    /** The Any type of cgroup v2 task metrics. */
    static final String V2_TYPE = "io.containerd.cgroups.v2.Metrics";

    /** Limits at or above this mean "unlimited" (the kernel's "max" read as a huge number). */
    private static final long UNLIMITED = 1L << 62;
    private static final long NANOS_PER_MICRO = 1000;

    private final Instant read;
    private final CgroupsV1.Metrics v1;
    private final CgroupsV2.Metrics v2;
    private final Optional<HostProc.HostCpu> host;
    private final OptionalLong hostMemory;
    private final Optional<HostProc.NetCounters> network;

    private TaskMetrics(Instant read, CgroupsV1.Metrics v1, CgroupsV2.Metrics v2, Optional<HostProc.HostCpu> host,
                        OptionalLong hostMemory, Optional<HostProc.NetCounters> network) {
        this.read = Objects.requireNonNull(read, "read");
        this.v1 = v1;
        this.v2 = v2;
        this.host = host;
        this.hostMemory = hostMemory;
        this.network = network;
    }

    /**
     * @param read       when containerd took the sample
     * @param data       the sample: cgroup v1 or v2 metrics
     * @param host       the host's CPU time, read at about the same time
     * @param hostMemory the host's memory, the limit of a container without one
     * @param network    the task's network counters; empty for a container in the host's network
     * @return the sample
     * @throws IllegalArgumentException if the data is of another type or cannot be parsed
     */
    static TaskMetrics of(Instant read, Any data, Optional<HostProc.HostCpu> host, OptionalLong hostMemory,
                          Optional<HostProc.NetCounters> network) {
        String type = data.getTypeUrl().substring(data.getTypeUrl().lastIndexOf('/') + 1);
        try {
            if (type.equals(V1_TYPE)) {
                return new TaskMetrics(read, CgroupsV1.Metrics.parseFrom(data.getValue()), null, host, hostMemory,
                        network);
            }
            if (type.equals(V2_TYPE)) {
                return new TaskMetrics(read, null, CgroupsV2.Metrics.parseFrom(data.getValue()), host, hostMemory,
                        network);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("unreadable " + type + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown task metrics type " + data.getTypeUrl());
    }

    /** @return whether the sample is cgroup v2 */
    boolean cgroupV2() {
        return v2 != null;
    }

    @Override
    public Optional<Instant> read() {
        return read.getEpochSecond() <= 0 ? Optional.empty() : Optional.of(read);
    }

    @Override
    public Measurements measurements(ContainerStats previous) {
        Instant at = read().orElseThrow(() -> new IllegalStateException("the sample holds no time"));
        Measurements m = new Measurements(at.getEpochSecond());
        if (v2 != null) {
            cpuV2(m);
            memoryV2(m);
            blockIoV2(m);
            pids(m, v2.hasPids(), v2.getPids().getCurrent(), v2.getPids().getLimit());
        } else {
            cpuV1(m);
            memoryV1(m);
            blockIoV1(m);
            pids(m, v1.hasPids(), v1.getPids().getCurrent(), v1.getPids().getLimit());
        }
        host.ifPresent(cpu -> m.put(CPU_SYSTEM, cpu.systemNanos()).put(CPU_ONLINE, cpu.online()));
        if (previous instanceof TaskMetrics before) {
            m.put(CPU_PERCENT, cpuPercentSince(before));
        }
        network.ifPresent(net -> m.put(NET_RX_BYTES, net.rxBytes()).put(NET_RX_PACKETS, net.rxPackets())
                .put(NET_RX_ERRORS, net.rxErrors()).put(NET_RX_DROPPED, net.rxDropped())
                .put(NET_TX_BYTES, net.txBytes()).put(NET_TX_PACKETS, net.txPackets())
                .put(NET_TX_ERRORS, net.txErrors()).put(NET_TX_DROPPED, net.txDropped()));
        return m;
    }

    private OptionalLong cpuTotal() {
        if (v2 != null) {
            return v2.hasCpu() ? OptionalLong.of(v2.getCpu().getUsageUsec() * NANOS_PER_MICRO) : OptionalLong.empty();
        }
        return v1.hasCpu() ? OptionalLong.of(v1.getCpu().getUsage().getTotal()) : OptionalLong.empty();
    }

    private OptionalDouble cpuPercentSince(TaskMetrics before) {
        OptionalLong total = cpuTotal();
        OptionalLong previousTotal = before.cpuTotal();
        if (total.isEmpty() || previousTotal.isEmpty() || host.isEmpty() || before.host.isEmpty()) {
            return OptionalDouble.empty();
        }
        return CpuPercent.between(previousTotal.getAsLong(), total.getAsLong(), before.host.get().systemNanos(),
                host.get().systemNanos(), host.get().online());
    }

    private void cpuV1(Measurements m) {
        if (!v1.hasCpu()) {
            return;
        }
        CgroupsV1.CPUUsage usage = v1.getCpu().getUsage();
        m.put(CPU_TOTAL, usage.getTotal()).put(CPU_KERNEL, usage.getKernel()).put(CPU_USER, usage.getUser());
        CgroupsV1.Throttle throttling = v1.getCpu().getThrottling();
        m.put(CPU_THROTTLING_PERIODS, throttling.getPeriods())
                .put(CPU_THROTTLED_PERIODS, throttling.getThrottledPeriods())
                .put(CPU_THROTTLED_TIME, throttling.getThrottledTime());
    }

    private void cpuV2(Measurements m) {
        if (!v2.hasCpu()) {
            return;
        }
        CgroupsV2.CPUStat cpu = v2.getCpu();
        m.put(CPU_TOTAL, cpu.getUsageUsec() * NANOS_PER_MICRO)
                .put(CPU_KERNEL, cpu.getSystemUsec() * NANOS_PER_MICRO)
                .put(CPU_USER, cpu.getUserUsec() * NANOS_PER_MICRO)
                .put(CPU_THROTTLING_PERIODS, cpu.getNrPeriods())
                .put(CPU_THROTTLED_PERIODS, cpu.getNrThrottled())
                .put(CPU_THROTTLED_TIME, cpu.getThrottledUsec() * NANOS_PER_MICRO);
    }

    private void memoryV1(Measurements m) {
        if (!v1.hasMemory()) {
            return;
        }
        CgroupsV1.MemoryStat memory = v1.getMemory();
        long usage = memory.getUsage().getUsage();
        m.put(MEMORY_USAGE, usage);
        memoryLimit(m, memory.getUsage().getLimit());
        m.put(MEMORY_CACHE, memory.getTotalCache()).put(MEMORY_RSS, memory.getTotalRss());
        workingSet(m, usage, memory.getTotalInactiveFile());
        if (memory.getUsage().getMax() > 0) {
            m.put(MEMORY_MAX_USAGE, memory.getUsage().getMax());
        }
        m.put(MEMORY_PAGE_FAULTS, memory.getTotalPgFault()).put(MEMORY_MAJOR_PAGE_FAULTS, memory.getTotalPgMajFault());
    }

    private void memoryV2(Measurements m) {
        if (!v2.hasMemory()) {
            return;
        }
        CgroupsV2.MemoryStat memory = v2.getMemory();
        m.put(MEMORY_USAGE, memory.getUsage());
        memoryLimit(m, memory.getUsageLimit());
        m.put(MEMORY_CACHE, memory.getFile()).put(MEMORY_RSS, memory.getAnon());
        workingSet(m, memory.getUsage(), memory.getInactiveFile());
        if (memory.getMaxUsage() > 0) {
            m.put(MEMORY_MAX_USAGE, memory.getMaxUsage());
        }
        m.put(MEMORY_PAGE_FAULTS, memory.getPgfault()).put(MEMORY_MAJOR_PAGE_FAULTS, memory.getPgmajfault());
    }

    /** As the Docker Engine: the host's memory when the container has no limit. */
    private void memoryLimit(Measurements m, long limit) {
        if (limit > 0 && limit < UNLIMITED) {
            m.put(MEMORY_LIMIT, limit);
        } else {
            m.put(MEMORY_LIMIT, hostMemory);
        }
    }

    private static void workingSet(Measurements m, long usage, long inactiveFile) {
        m.put(MEMORY_WORKING_SET, inactiveFile < usage ? usage - inactiveFile : usage);
    }

    private void blockIoV1(Measurements m) {
        List<CgroupsV1.BlkIOEntry> bytes = v1.getBlkio().getIoServiceBytesRecursiveList();
        List<CgroupsV1.BlkIOEntry> ops = v1.getBlkio().getIoServicedRecursiveList();
        m.put(BLKIO_READ_BYTES, sumOp(bytes, "read"));
        m.put(BLKIO_WRITE_BYTES, sumOp(bytes, "write"));
        m.put(BLKIO_READ_OPS, sumOp(ops, "read"));
        m.put(BLKIO_WRITE_OPS, sumOp(ops, "write"));
    }

    private void blockIoV2(Measurements m) {
        List<CgroupsV2.IOEntry> usage = v2.getIo().getUsageList();
        m.put(BLKIO_READ_BYTES, CounterSum.over(usage, e -> OptionalLong.of(e.getRbytes())));
        m.put(BLKIO_WRITE_BYTES, CounterSum.over(usage, e -> OptionalLong.of(e.getWbytes())));
        m.put(BLKIO_READ_OPS, CounterSum.over(usage, e -> OptionalLong.of(e.getRios())));
        m.put(BLKIO_WRITE_OPS, CounterSum.over(usage, e -> OptionalLong.of(e.getWios())));
    }

    /** @return the sum over devices of the entries with this op (case ignored), empty if there are none */
    private static OptionalLong sumOp(List<CgroupsV1.BlkIOEntry> entries, String op) {
        return CounterSum.over(entries, e -> e.getOp().equalsIgnoreCase(op) ? OptionalLong.of(e.getValue())
                : OptionalLong.empty());
    }

    private static void pids(Measurements m, boolean present, long current, long limit) {
        if (!present) {
            return;
        }
        m.put(PIDS_CURRENT, current);
        if (limit > 0 && limit < UNLIMITED) {
            m.put(PIDS_LIMIT, limit);
        }
    }
}
