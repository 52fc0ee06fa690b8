package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.probe.common.Measurements;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One Engine stats document ({@code GET /containers/{id}/stats?stream=false}) read into the
 * {@link ContainerMetric} table. Both layouts are understood: cgroup v1 (memory {@code total_cache},
 * {@code total_rss}; block I/O ops {@code Read}/{@code Write} with operation counts) and cgroup v2
 * (memory {@code file}, {@code anon}; block I/O ops {@code read}/{@code write}, bytes only). What the
 * document does not carry (no network, empty block I/O list, no limit) is left out, never made 0.
 *
 * <pre>{@code
 * EngineStats stats = EngineStats.of(json);
 * if (stats.read().isPresent()) {
 *     Measurements m = stats.measurements(previousOrNull);
 * }
 * }</pre>
 */
final class EngineStats implements ContainerStats {

    /** The cgroup layout a document was produced from. */
    enum Layout { CGROUP_V1, CGROUP_V2, UNKNOWN }

    /** Limits at or above this mean "unlimited" (the kernel's "max" read as a huge number). */
    private static final long UNLIMITED = 1L << 62;

    private final JsonNode root;

    private EngineStats(JsonNode root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** @param root the parsed document */
    static EngineStats of(JsonNode root) {
        return new EngineStats(root);
    }

    /**
     * @return when the Engine took the sample; empty if the document holds no sample (the Engine's
     *         zero time, as for a container that is not running)
     */
    @Override
    public Optional<Instant> read() {
        String text = root.path("read").asText("");
        try {
            Instant read = Instant.parse(text);
            return read.getEpochSecond() <= 0 ? Optional.empty() : Optional.of(read);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** @return the cgroup layout, told by the memory statistics' names */
    Layout layout() {
        JsonNode memory = root.path("memory_stats").path("stats");
        if (memory.has("anon") || memory.has("file")) {
            return Layout.CGROUP_V2;
        }
        if (memory.has("total_cache") || memory.has("cache") || memory.has("total_rss")) {
            return Layout.CGROUP_V1;
        }
        return Layout.UNKNOWN;
    }

    @Override
    public Measurements measurements(ContainerStats previous) {
        Instant read = read().orElseThrow(() -> new IllegalStateException("the document holds no sample"));
        Measurements m = new Measurements(read.getEpochSecond());
        cpu(m, previous instanceof EngineStats engine ? engine : null);
        memory(m);
        blockIo(m);
        network(m);
        pids(m);
        return m;
    }

    private void cpu(Measurements m, EngineStats previous) {
        JsonNode cpu = root.path("cpu_stats");
        JsonNode usage = cpu.path("cpu_usage");
        m.put(CPU_TOTAL, counter(usage, "total_usage"));
        m.put(CPU_KERNEL, counter(usage, "usage_in_kernelmode"));
        m.put(CPU_USER, counter(usage, "usage_in_usermode"));
        m.put(CPU_SYSTEM, positive(cpu, "system_cpu_usage"));
        m.put(CPU_ONLINE, onlineCpus());
        JsonNode throttling = cpu.path("throttling_data");
        m.put(CPU_THROTTLING_PERIODS, counter(throttling, "periods"));
        m.put(CPU_THROTTLED_PERIODS, counter(throttling, "throttled_periods"));
        m.put(CPU_THROTTLED_TIME, counter(throttling, "throttled_time"));
        if (previous != null) {
            m.put(CPU_PERCENT, cpuPercentSince(previous));
        }
    }

    /** As {@code docker stats}: container CPU delta over host CPU delta, times online CPUs, in %. */
    OptionalDouble cpuPercentSince(EngineStats previous) {
        OptionalLong total = counter(root.path("cpu_stats").path("cpu_usage"), "total_usage");
        OptionalLong previousTotal = counter(previous.root.path("cpu_stats").path("cpu_usage"), "total_usage");
        OptionalLong system = positive(root.path("cpu_stats"), "system_cpu_usage");
        OptionalLong previousSystem = positive(previous.root.path("cpu_stats"), "system_cpu_usage");
        OptionalLong cpus = onlineCpus();
        if (total.isEmpty() || previousTotal.isEmpty() || system.isEmpty() || previousSystem.isEmpty()
                || cpus.isEmpty()) {
            return OptionalDouble.empty();
        }
        return CpuPercent.between(previousTotal.getAsLong(), total.getAsLong(), previousSystem.getAsLong(),
                system.getAsLong(), cpus.getAsLong());
    }

    private OptionalLong onlineCpus() {
        OptionalLong online = positive(root.path("cpu_stats"), "online_cpus");
        if (online.isPresent()) {
            return online;
        }
        JsonNode perCpu = root.path("cpu_stats").path("cpu_usage").path("percpu_usage");
        return perCpu.isArray() && perCpu.size() > 0 ? OptionalLong.of(perCpu.size()) : OptionalLong.empty();
    }

    private void memory(Measurements m) {
        JsonNode memory = root.path("memory_stats");
        JsonNode stats = memory.path("stats");
        OptionalLong usage = counter(memory, "usage");
        m.put(MEMORY_USAGE, usage);
        m.put(MEMORY_LIMIT, limit(memory, "limit"));
        boolean v2 = layout() == Layout.CGROUP_V2;
        m.put(MEMORY_CACHE, v2 ? counter(stats, "file") : firstOf(stats, "total_cache", "cache"));
        m.put(MEMORY_RSS, v2 ? counter(stats, "anon") : firstOf(stats, "total_rss", "rss"));
        OptionalLong inactiveFile = v2 ? counter(stats, "inactive_file") : firstOf(stats, "total_inactive_file",
                "inactive_file");
        if (usage.isPresent() && inactiveFile.isPresent()) {
            long u = usage.getAsLong();
            long inactive = inactiveFile.getAsLong();
            m.put(MEMORY_WORKING_SET, (double) (inactive < u ? u - inactive : u));
        }
        m.put(MEMORY_MAX_USAGE, positive(memory, "max_usage"));
        m.put(MEMORY_PAGE_FAULTS, v2 ? counter(stats, "pgfault") : firstOf(stats, "total_pgfault", "pgfault"));
        m.put(MEMORY_MAJOR_PAGE_FAULTS, v2 ? counter(stats, "pgmajfault")
                : firstOf(stats, "total_pgmajfault", "pgmajfault"));
    }

    private void blockIo(Measurements m) {
        JsonNode blkio = root.path("blkio_stats");
        JsonNode bytes = blkio.path("io_service_bytes_recursive");
        JsonNode ops = blkio.path("io_serviced_recursive");
        m.put(BLKIO_READ_BYTES, sumOp(bytes, "read"));
        m.put(BLKIO_WRITE_BYTES, sumOp(bytes, "write"));
        m.put(BLKIO_READ_OPS, sumOp(ops, "read"));
        m.put(BLKIO_WRITE_OPS, sumOp(ops, "write"));
    }

    /** @return the sum over devices of the entries with this op (case ignored), empty if there are none */
    private static OptionalLong sumOp(JsonNode entries, String op) {
        return CounterSum.over(entries, e -> op.equalsIgnoreCase(e.path("op").asText()) ? counter(e, "value")
                : OptionalLong.empty());
    }

    private void network(Measurements m) {
        JsonNode networks = root.path("networks");
        if (!networks.isObject() || networks.isEmpty()) {
            return;
        }
        m.put(NET_RX_BYTES, sumOverInterfaces(networks, "rx_bytes"));
        m.put(NET_RX_PACKETS, sumOverInterfaces(networks, "rx_packets"));
        m.put(NET_RX_ERRORS, sumOverInterfaces(networks, "rx_errors"));
        m.put(NET_RX_DROPPED, sumOverInterfaces(networks, "rx_dropped"));
        m.put(NET_TX_BYTES, sumOverInterfaces(networks, "tx_bytes"));
        m.put(NET_TX_PACKETS, sumOverInterfaces(networks, "tx_packets"));
        m.put(NET_TX_ERRORS, sumOverInterfaces(networks, "tx_errors"));
        m.put(NET_TX_DROPPED, sumOverInterfaces(networks, "tx_dropped"));
    }

    private static OptionalLong sumOverInterfaces(JsonNode networks, String field) {
        return CounterSum.over(networks, network -> counter(network, field));
    }

    private void pids(Measurements m) {
        JsonNode pids = root.path("pids_stats");
        m.put(PIDS_CURRENT, counter(pids, "current"));
        m.put(PIDS_LIMIT, limit(pids, "limit"));
    }

    /** @return a non-negative integer field, empty if absent or not an integer */
    private static OptionalLong counter(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0
                ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    /** @return a field that the Engine writes as 0 when it does not know it: empty then */
    private static OptionalLong positive(JsonNode node, String field) {
        OptionalLong value = counter(node, field);
        return value.isPresent() && value.getAsLong() > 0 ? value : OptionalLong.empty();
    }

    /** @return a limit: empty if absent, 0 or "unlimited" */
    private static OptionalLong limit(JsonNode node, String field) {
        OptionalLong value = positive(node, field);
        return value.isPresent() && value.getAsLong() < UNLIMITED ? value : OptionalLong.empty();
    }

    private static OptionalLong firstOf(JsonNode node, String field, String fallback) {
        OptionalLong value = counter(node, field);
        return value.isPresent() ? value : counter(node, fallback);
    }
}
