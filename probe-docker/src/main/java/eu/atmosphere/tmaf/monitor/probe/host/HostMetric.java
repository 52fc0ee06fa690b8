package eu.atmosphere.tmaf.monitor.probe.host;

import eu.atmosphere.tmaf.monitor.probe.common.Metric;
import eu.atmosphere.tmaf.monitor.probe.common.MetricDefinition;

/**
 * The host metric table: descriptionIds 200-299, documented in {@code probe-docker/README.md}. Host
 * metrics describe the node's resource; disk metrics one resource per disk; network metrics one
 * resource per interface. Disk and network values are counters since boot.
 */
public enum HostMetric implements Metric {
    /** Busy CPU time (everything but idle and I/O wait) between two rounds, all CPUs. */
    CPU_LOAD(200, "cpu.load", "%"),
    /** CPU time in user mode (nice included) between two rounds. */
    CPU_USER(201, "cpu.user", "%"),
    /** CPU time in kernel mode (interrupts included) between two rounds. */
    CPU_SYSTEM(202, "cpu.system", "%"),
    /** CPU time idle while waiting for I/O between two rounds. */
    CPU_IOWAIT(203, "cpu.iowait", "%"),
    /** CPU time taken by the hypervisor between two rounds. */
    CPU_STEAL(204, "cpu.steal", "%"),
    /** Logical processors. */
    CPU_LOGICAL(205, "cpu.logical", "count"),
    /** Load average over 1 minute. */
    LOAD_1M(206, "load.1m", "count"),
    /** Load average over 5 minutes. */
    LOAD_5M(207, "load.5m", "count"),
    /** Load average over 15 minutes. */
    LOAD_15M(208, "load.15m", "count"),

    /** Physical memory. */
    MEMORY_TOTAL(210, "memory.total", "bytes"),
    /** Memory available to new work without swapping. */
    MEMORY_AVAILABLE(211, "memory.available", "bytes"),
    /** Total less available. */
    MEMORY_USED(212, "memory.used", "bytes"),
    /** Swap space (0 when the host has none). */
    SWAP_TOTAL(213, "swap.total", "bytes"),
    /** Swap space in use. */
    SWAP_USED(214, "swap.used", "bytes"),

    /** Bytes read from the disk. */
    DISK_READ_BYTES(220, "disk.read.bytes", "bytes"),
    /** Bytes written to the disk. */
    DISK_WRITE_BYTES(221, "disk.write.bytes", "bytes"),
    /** Read operations. */
    DISK_READS(222, "disk.reads", "count"),
    /** Write operations. */
    DISK_WRITES(223, "disk.writes", "count"),
    /** Time the disk was busy. */
    DISK_TRANSFER_TIME(224, "disk.transfer_time", "ms"),
    /** Requests in flight at the time of the sample. */
    DISK_QUEUE_LENGTH(225, "disk.queue_length", "count"),

    /** Bytes received on the interface. */
    NET_RX_BYTES(230, "net.rx.bytes", "bytes"),
    /** Bytes sent. */
    NET_TX_BYTES(231, "net.tx.bytes", "bytes"),
    /** Packets received. */
    NET_RX_PACKETS(232, "net.rx.packets", "count"),
    /** Packets sent. */
    NET_TX_PACKETS(233, "net.tx.packets", "count"),
    /** Receive errors. */
    NET_RX_ERRORS(234, "net.rx.errors", "count"),
    /** Send errors. */
    NET_TX_ERRORS(235, "net.tx.errors", "count"),
    /** Received packets dropped. */
    NET_RX_DROPPED(236, "net.rx.dropped", "count"),
    /** Collisions. */
    NET_COLLISIONS(237, "net.collisions", "count");

    private final MetricDefinition definition;

    HostMetric(int descriptionId, String key, String unit) {
        this.definition = new MetricDefinition(descriptionId, key, unit);
    }

    @Override
    public MetricDefinition definition() {
        return definition;
    }
}
