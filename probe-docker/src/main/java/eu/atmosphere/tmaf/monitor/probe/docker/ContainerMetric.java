package eu.atmosphere.tmaf.monitor.probe.docker;

import eu.atmosphere.tmaf.monitor.probe.common.Metric;
import eu.atmosphere.tmaf.monitor.probe.common.MetricDefinition;

/**
 * The container metric table: descriptionIds 100-199, documented in {@code probe-docker/README.md}; the
 * same ids whatever the runtime (Docker Engine or containerd). Counters are cumulative since the
 * container (re)started, as the runtime reports them.
 */
public enum ContainerMetric implements Metric {
    /** CPU time used by the container. */
    CPU_TOTAL(100, "cpu.usage.total", "ns"),
    /** CPU time in kernel mode (cgroup v1: 10 ms resolution). */
    CPU_KERNEL(101, "cpu.usage.kernel", "ns"),
    /** CPU time in user mode (cgroup v1: 10 ms resolution). */
    CPU_USER(102, "cpu.usage.user", "ns"),
    /** CPU time of the whole host, the denominator of {@link #CPU_PERCENT}. */
    CPU_SYSTEM(103, "cpu.system", "ns"),
    /** CPUs online on the host. */
    CPU_ONLINE(104, "cpu.online", "count"),
    /** Enforcement periods of a CPU quota. */
    CPU_THROTTLING_PERIODS(105, "cpu.throttling.periods", "count"),
    /** Periods in which the quota was exhausted. */
    CPU_THROTTLED_PERIODS(106, "cpu.throttling.throttled_periods", "count"),
    /** Time the container was throttled. */
    CPU_THROTTLED_TIME(107, "cpu.throttling.throttled_time", "ns"),
    /** CPU use between two samples; 100 = one CPU fully used (as in {@code docker stats}). */
    CPU_PERCENT(108, "cpu.percent", "%"),

    /** Memory charged to the container, page cache included. */
    MEMORY_USAGE(110, "memory.usage", "bytes"),
    /** Memory limit (the host's memory when unlimited). */
    MEMORY_LIMIT(111, "memory.limit", "bytes"),
    /** Page cache (v1 {@code total_cache}, v2 {@code file}). */
    MEMORY_CACHE(112, "memory.cache", "bytes"),
    /** Anonymous memory (v1 {@code total_rss}, v2 {@code anon}). */
    MEMORY_RSS(113, "memory.rss", "bytes"),
    /** Usage less inactive page cache: {@code docker stats}' MEM USAGE. */
    MEMORY_WORKING_SET(114, "memory.working_set", "bytes"),
    /** Highest usage recorded (cgroup v1 only). */
    MEMORY_MAX_USAGE(115, "memory.max_usage", "bytes"),
    /** Page faults of the container's processes, minor and major. */
    MEMORY_PAGE_FAULTS(116, "memory.page_faults", "count"),
    /** Major page faults (those that read from disk). */
    MEMORY_MAJOR_PAGE_FAULTS(117, "memory.major_page_faults", "count"),

    /** Bytes read from block devices, all devices. */
    BLKIO_READ_BYTES(120, "blkio.read.bytes", "bytes"),
    /** Bytes written to block devices, all devices. */
    BLKIO_WRITE_BYTES(121, "blkio.write.bytes", "bytes"),
    /** Read operations, all devices (cgroup v1 only). */
    BLKIO_READ_OPS(122, "blkio.read.ops", "count"),
    /** Write operations, all devices (cgroup v1 only). */
    BLKIO_WRITE_OPS(123, "blkio.write.ops", "count"),

    /** Bytes received, all interfaces of the container. */
    NET_RX_BYTES(130, "net.rx.bytes", "bytes"),
    /** Packets received. */
    NET_RX_PACKETS(131, "net.rx.packets", "count"),
    /** Receive errors. */
    NET_RX_ERRORS(132, "net.rx.errors", "count"),
    /** Received packets dropped. */
    NET_RX_DROPPED(133, "net.rx.dropped", "count"),
    /** Bytes sent. */
    NET_TX_BYTES(134, "net.tx.bytes", "bytes"),
    /** Packets sent. */
    NET_TX_PACKETS(135, "net.tx.packets", "count"),
    /** Send errors. */
    NET_TX_ERRORS(136, "net.tx.errors", "count"),
    /** Outgoing packets dropped. */
    NET_TX_DROPPED(137, "net.tx.dropped", "count"),

    /** Processes and threads in the container. */
    PIDS_CURRENT(140, "pids.current", "count"),
    /** Limit of {@link #PIDS_CURRENT} (absent when unlimited). */
    PIDS_LIMIT(141, "pids.limit", "count");

    private final MetricDefinition definition;

    ContainerMetric(int descriptionId, String key, String unit) {
        this.definition = new MetricDefinition(descriptionId, key, unit);
    }

    @Override
    public MetricDefinition definition() {
        return definition;
    }
}
