package eu.atmosphere.tmaf.monitor.probe.host;

import static eu.atmosphere.tmaf.monitor.probe.host.HostMetric.*;

import eu.atmosphere.tmaf.monitor.client.MonitorClient;
import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.Sample;
import eu.atmosphere.tmaf.monitor.probe.common.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;

/**
 * The node itself, read with OSHI: one sample for the host (CPU, load, memory, swap), one per disk
 * and one per network interface (loopback excluded) per round. Resource names are {@code HOST},
 * {@code HOST/disk/NAME} and {@code HOST/net/NAME}, mapped to resourceIds by {@link ResourceIds}.
 * CPU percentages cover the time since the previous round (since construction for the first);
 * disks of size 0 (unconfigured zram or loop devices) are skipped.
 *
 * <pre>{@code
 * Sampler host = new HostSampler(HostSampler.localHostName(), new ResourceIds(Map.of()));
 * List<Sample> samples = host.sample();
 * }</pre>
 */
public final class HostSampler implements Sampler {

    private static final int LOAD_AVERAGES = 3;

    private final String hostName;
    private final ResourceIds resourceIds;
    private final HardwareAbstractionLayer hardware;
    private final CentralProcessor processor;
    private long[] previousTicks;

    /**
     * @param hostName    the host's resource name
     * @param resourceIds configured resourceIds by resource name
     */
    public HostSampler(String hostName, ResourceIds resourceIds) {
        this.hostName = hostName;
        this.resourceIds = resourceIds;
        this.hardware = new SystemInfo().getHardware();
        this.processor = hardware.getProcessor();
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    /** @return this machine's host name as the operating system reports it */
    public static String localHostName() {
        return new SystemInfo().getOperatingSystem().getNetworkParams().getHostName();
    }

    /** @return the resource name of the host */
    public String hostResource() {
        return hostName;
    }

    @Override
    public List<Sample> sample() {
        long now = MonitorClient.nowSeconds();
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(resourceIds.of(hostName), host(now).data()));
        for (HWDiskStore disk : hardware.getDiskStores()) {
            if (disk.getSize() > 0) {
                samples.add(new Sample(resourceIds.of(hostName + "/disk/" + shortName(disk.getName())),
                        disk(disk, now).data()));
            }
        }
        for (NetworkIF network : hardware.getNetworkIFs()) {
            samples.add(new Sample(resourceIds.of(hostName + "/net/" + network.getName()),
                    network(network, now).data()));
        }
        return samples;
    }

    private Measurements host(long now) {
        Measurements m = new Measurements(now);
        long[] ticks = processor.getSystemCpuLoadTicks();
        long[] delta = new long[ticks.length];
        long total = 0;
        for (int i = 0; i < ticks.length; i++) {
            delta[i] = Math.max(0, ticks[i] - previousTicks[i]);
            total += delta[i];
        }
        previousTicks = ticks;
        if (total > 0) {
            long idle = delta[TickType.IDLE.getIndex()] + delta[TickType.IOWAIT.getIndex()];
            m.put(CPU_LOAD, percent(total - idle, total));
            m.put(CPU_USER, percent(delta[TickType.USER.getIndex()] + delta[TickType.NICE.getIndex()], total));
            m.put(CPU_SYSTEM, percent(delta[TickType.SYSTEM.getIndex()] + delta[TickType.IRQ.getIndex()]
                    + delta[TickType.SOFTIRQ.getIndex()], total));
            m.put(CPU_IOWAIT, percent(delta[TickType.IOWAIT.getIndex()], total));
            m.put(CPU_STEAL, percent(delta[TickType.STEAL.getIndex()], total));
        }
        m.put(CPU_LOGICAL, processor.getLogicalProcessorCount());
        double[] load = processor.getSystemLoadAverage(LOAD_AVERAGES);
        m.put(LOAD_1M, nonNegative(load[0]));
        m.put(LOAD_5M, nonNegative(load[1]));
        m.put(LOAD_15M, nonNegative(load[2]));
        GlobalMemory memory = hardware.getMemory();
        m.put(MEMORY_TOTAL, memory.getTotal());
        m.put(MEMORY_AVAILABLE, memory.getAvailable());
        m.put(MEMORY_USED, memory.getTotal() - memory.getAvailable());
        VirtualMemory swap = memory.getVirtualMemory();
        m.put(SWAP_TOTAL, swap.getSwapTotal());
        m.put(SWAP_USED, swap.getSwapUsed());
        return m;
    }

    private static Measurements disk(HWDiskStore disk, long now) {
        disk.updateAttributes();
        return new Measurements(now)
                .put(DISK_READ_BYTES, disk.getReadBytes())
                .put(DISK_WRITE_BYTES, disk.getWriteBytes())
                .put(DISK_READS, disk.getReads())
                .put(DISK_WRITES, disk.getWrites())
                .put(DISK_TRANSFER_TIME, disk.getTransferTime())
                .put(DISK_QUEUE_LENGTH, disk.getCurrentQueueLength());
    }

    private static Measurements network(NetworkIF network, long now) {
        network.updateAttributes();
        return new Measurements(now)
                .put(NET_RX_BYTES, network.getBytesRecv())
                .put(NET_TX_BYTES, network.getBytesSent())
                .put(NET_RX_PACKETS, network.getPacketsRecv())
                .put(NET_TX_PACKETS, network.getPacketsSent())
                .put(NET_RX_ERRORS, network.getInErrors())
                .put(NET_TX_ERRORS, network.getOutErrors())
                .put(NET_RX_DROPPED, network.getInDrops())
                .put(NET_COLLISIONS, network.getCollisions());
    }

    private static double percent(long part, long total) {
        return 100.0 * part / total;
    }

    private static OptionalDouble nonNegative(double value) {
        return value >= 0 ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    private static String shortName(String device) {
        return device.startsWith("/dev/") ? device.substring("/dev/".length()) : device;
    }
}
