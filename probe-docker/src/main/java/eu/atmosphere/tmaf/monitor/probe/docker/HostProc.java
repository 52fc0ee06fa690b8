package eu.atmosphere.tmaf.monitor.probe.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The host's {@code /proc}, for what containerd's task metrics do not carry and the Docker Engine
 * adds to its stats: the host's CPU time and online CPUs ({@code stat}), its memory
 * ({@code meminfo}) and a container's network counters ({@code PID/net/dev} of its task's process).
 * In a Kubernetes pod the host's {@code /proc} is mounted elsewhere (e.g. {@code /host/proc}).
 *
 * <pre>{@code
 * HostProc proc = new HostProc(Path.of("/proc"));
 * Optional<HostProc.HostCpu> cpu = proc.cpu();
 * Optional<HostProc.NetCounters> net = proc.network(4242);
 * }</pre>
 */
final class HostProc {

    /** This machine's {@code /proc}. */
    static final HostProc LOCAL = new HostProc(Path.of("/proc"));

    /** {@code USER_HZ}: the unit of {@code /proc/stat}, 100 on every Linux architecture the probe runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** user, nice, system, idle, iowait, irq, softirq, steal: the host's CPU time as Docker counts it. */
    private static final int CPU_FIELDS = 8;

    private final Path root;

    /** @param root the host's {@code /proc} as mounted here */
    HostProc(Path root) {
        this.root = root;
    }

    /**
     * The host's CPU time and online CPUs.
     *
     * @param systemNanos CPU time of all CPUs since boot, ns
     * @param online      CPUs online
     */
    record HostCpu(long systemNanos, long online) {
    }

    /** A container's network counters, summed over its interfaces except loopback. */
    record NetCounters(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                       long txBytes, long txPackets, long txErrors, long txDropped) {
    }

    /** @return the host's CPU time and online CPUs; empty if {@code stat} cannot be read */
    Optional<HostCpu> cpu() {
        List<String> lines = lines(root.resolve("stat"));
        long system = -1;
        long online = 0;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields[0].equals("cpu") && fields.length > CPU_FIELDS) {
                system = 0;
                for (int i = 1; i <= CPU_FIELDS; i++) {
                    system += Long.parseLong(fields[i]);
                }
            } else if (fields[0].startsWith("cpu")) {
                online++;
            }
        }
        return system < 0 || online == 0 ? Optional.empty()
                : Optional.of(new HostCpu(system * NANOS_PER_TICK, online));
    }

    /** @return the host's physical memory in bytes ({@code MemTotal}); empty if unknown */
    OptionalLong memoryTotal() {
        for (String line : lines(root.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] fields = line.trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(fields[1]) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * @param pid a process of the container, in the host's PID namespace
     * @return the counters of the network namespace that process is in; empty if it has no interface but
     *         loopback or its {@code net/dev} cannot be read (the process ended, or no access)
     */
    Optional<NetCounters> network(long pid) {
        long[] sum = new long[16];
        boolean found = false;
        for (String line : lines(root.resolve(Long.toString(pid)).resolve("net").resolve("dev"))) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
                continue;
            }
            String[] fields = line.substring(colon + 1).trim().split("\\s+");
            for (int i = 0; i < fields.length && i < sum.length; i++) {
                sum[i] += Long.parseLong(fields[i]);
            }
            found = true;
        }
        return found ? Optional.of(new NetCounters(sum[0], sum[1], sum[2], sum[3], sum[8], sum[9], sum[10], sum[11]))
                : Optional.empty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
