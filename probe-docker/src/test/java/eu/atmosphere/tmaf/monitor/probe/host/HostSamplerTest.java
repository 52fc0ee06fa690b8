package eu.atmosphere.tmaf.monitor.probe.host;

import static eu.atmosphere.tmaf.monitor.probe.host.HostMetric.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.Sample;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Host mode on this very machine: real, non-zero values. */
class HostSamplerTest {

    @Test
    void reportsThisMachinesCpuMemoryDisksAndNetwork() throws InterruptedException {
        HostSampler sampler = new HostSampler("test-node", new ResourceIds(Map.of("test-node", 9L)));
        burnCpuFor(300);

        List<Sample> samples = sampler.sample();

        Sample host = samples.get(0);
        assertEquals(9L, host.resourceId(), "configured resourceId of the host");
        assertTrue(value(host, CPU_LOAD).orElseThrow() > 0, "this test just burned CPU");
        assertTrue(value(host, CPU_LOAD).orElseThrow() <= 100);
        assertTrue(value(host, CPU_USER).orElseThrow() > 0);
        assertTrue(value(host, CPU_LOGICAL).orElseThrow() >= 1);
        assertTrue(value(host, LOAD_1M).isPresent(), "Linux has load averages");
        assertTrue(value(host, MEMORY_TOTAL).orElseThrow() > 0);
        assertTrue(value(host, MEMORY_AVAILABLE).orElseThrow() > 0);
        assertTrue(value(host, MEMORY_USED).orElseThrow() > 0);
        assertTrue(value(host, SWAP_TOTAL).isPresent());

        List<Sample> disks = samples.stream().filter(s -> value(s, DISK_READ_BYTES).isPresent()).toList();
        assertTrue(disks.stream().anyMatch(d -> value(d, DISK_READ_BYTES).orElseThrow() > 0
                && value(d, DISK_READS).orElseThrow() > 0), "the root disk has been read since boot: " + disks);
        assertTrue(disks.stream().anyMatch(d -> d.resourceId() == ResourceIds.derive("test-node/disk/" + diskName())),
                "disk resource names are HOST/disk/NAME");

        assertEquals(samples.size(), 1 + disks.size() + samples.stream()
                .filter(s -> value(s, NET_RX_BYTES).isPresent()).count(), "one sample per host, disk and interface");
    }

    @Test
    void cpuPercentagesCoverTheTimeSinceThePreviousRound() throws InterruptedException {
        HostSampler sampler = new HostSampler("test-node", new ResourceIds(Map.of()));
        sampler.sample();
        burnCpuFor(300);

        Sample host = sampler.sample().get(0);

        double load = value(host, CPU_LOAD).orElseThrow();
        double parts = value(host, CPU_USER).orElseThrow() + value(host, CPU_SYSTEM).orElseThrow()
                + value(host, CPU_STEAL).orElseThrow();
        assertTrue(load > 0 && load <= 100, "load " + load);
        assertTrue(parts <= load + 1e-6, "user + system + steal <= load");
    }

    private static String diskName() {
        return new oshi.SystemInfo().getHardware().getDiskStores().stream()
                .filter(d -> d.getSize() > 0).findFirst().orElseThrow().getName().replace("/dev/", "");
    }

    private static void burnCpuFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        assertTrue(x >= 0);
    }

    private static OptionalDouble value(Sample sample, HostMetric metric) {
        Optional<Data> item = sample.data().stream().filter(d -> d.getDescriptionId() == metric.descriptionId())
                .findFirst();
        return item.map(d -> OptionalDouble.of(d.getObservations().get(0).getValue())).orElse(OptionalDouble.empty());
    }
}
