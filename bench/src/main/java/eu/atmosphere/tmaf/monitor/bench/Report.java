package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.bench.Phases.Phase;
import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import eu.atmosphere.tmaf.monitor.testsupport.LoadGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Collects what a harness run measured and writes it as Markdown ({@code report.md} in the work directory). */
final class Report {

    private final Options options;
    private final Path work;
    private final List<Phase> phases = new ArrayList<>();
    private final List<ProducerPerf.Result> producers = new ArrayList<>();
    private final Map<String, String> servers = new LinkedHashMap<>();
    private final Map<String, Double> serverPeakRss = new LinkedHashMap<>();
    private final List<String> profiles = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Integer, ProducerPerf.Result> referenceByRound = new LinkedHashMap<>();
    private final Map<Integer, ProducerPerf.Result> ceilingByRound = new LinkedHashMap<>();
    /** KiB allocated per request in the plain server's profiled phases, by phase name. */
    private final Map<String, Double> allocationKiBPerRequest = new LinkedHashMap<>();
    private String brokerCommand;
    private double brokerPeakRss = Double.NaN;
    private String loadAtStart;
    private String loadAtEnd;
    private String startedAt;
    private int messageBytes;
    private KafkaCounts.Scan scan;
    private long scanExpected;
    private double seconds;
    private boolean correct;
    private Features features;

    Report(Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    void start(int messageBytes) {
        this.messageBytes = messageBytes;
        this.loadAtStart = ProcStats.loadAverage();
        this.startedAt = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    void broker(String bootstrap, List<String> command) {
        brokerCommand = shorten(String.join(" ", command)) + "  (→ " + bootstrap + ")";
    }

    void server(String label, List<String> command) {
        servers.put(label, shorten(String.join(" ", command)));
    }

    void phase(Phase phase) {
        phases.add(phase);
    }

    /**
     * @param round   the round it ran in
     * @param ceiling true for Kafka's ceiling for this data (the JSON message, the server's producer settings),
     *                false for the reference (random records, producer defaults)
     */
    void producer(ProducerPerf.Result result, int round, boolean ceiling) {
        producers.add(result);
        (ceiling ? ceilingByRound : referenceByRound).put(round, result);
    }

    void profile(Phase phase, Path recording, JfrSummary.Summary summary) {
        if (phase.server().startsWith(Harness.PLAIN + " ")) {
            allocationKiBPerRequest.put(phase.result().load().name(), summary.kibPerRequest());
        }
        profiles.add("### " + phase.server() + ": " + phase.result().load().name() + String.format(Locale.ROOT,
                " (%,.0f requests/s, %,.0f messages/s while recording)%n%nRecording: `%s` (`jfr summary`, "
                        + "`jfr print --events jdk.ExecutionSample` or JDK Mission Control for the full picture).%n%n",
                phase.result().requestsPerSecond(), phase.result().messagesPerSecond(), work.relativize(recording))
                + summary.markdown());
    }

    void features(Features features) {
        this.features = features;
    }

    void note(String note) {
        notes.add(note);
    }

    void failure(Exception e) {
        notes.add("**The run failed:** " + e);
    }

    void serverPeakRss(String label, double mib) {
        serverPeakRss.put(label, mib);
    }

    void brokerPeakRss(double mib) {
        brokerPeakRss = mib;
    }

    long acknowledgedMessages() {
        return phases.stream().mapToLong(p -> p.result().messagesOk()).sum();
    }

    void scan(KafkaCounts.Scan scan, long expected) {
        this.scan = scan;
        this.scanExpected = expected;
    }

    void finish(double seconds, boolean correct) {
        this.seconds = seconds;
        this.correct = correct;
        this.loadAtEnd = ProcStats.loadAverage();
    }

    Path write() throws IOException {
        Path file = work.resolve("report.md");
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        return file;
    }

    /** One line about a load phase. */
    static String describe(LoadGenerator.Result r) {
        LoadGenerator.Load load = r.load();
        return String.format(Locale.ROOT, "%s: %d conn, %s, %.1f s: %d requests, %d × 200 (%,.0f req/s, %,.0f msg/s), "
                        + "other %s, unknown %d, unsent %d; latency ms p50 %.2f p99 %.2f p99.9 %.2f max %.2f",
                load.name(), load.connections(), load.openLoop() ? String.format(Locale.ROOT, "%.0f req/s offered", load.rate())
                        : "closed loop", r.seconds(), r.sent(), r.ok(), r.requestsPerSecond(), r.messagesPerSecond(),
                r.statuses(), r.unknown(), r.unsent(), r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(99.9),
                r.latencyMicros().getMaxValue() / 1000.0);
    }

    // ------------------------------------------------------------------ rendering

    private String render() {
        StringBuilder md = new StringBuilder();
        md.append("# TMA Monitor benchmark").append(options.mode == Options.Mode.SMOKE ? " (smoke: correctness only)" : "")
                .append("\n\n");
        md.append("Run ").append(startedAt).append(String.format(Locale.ROOT, ", %.0f s", seconds))
                .append(", `bench/run.sh ").append(options.commandLine).append("`")
                .append(Optional.ofNullable(System.getenv("BENCH_GIT_COMMIT")).map(c -> " at commit `" + c + "`").orElse(""))
                .append(".\n\n");
        md.append("Machine: ").append(machine()).append(". Load average (1/5/15 min) ").append(loadAtStart)
                .append(" at the start, ").append(loadAtEnd).append(" at the end.\n\n");
        md.append(String.format(Locale.ROOT, "Message: `%s`, %,d bytes minified (single messages and batch items are "
                + "stored with exactly these bytes; ProducerPerformance uses the same record size).%n%n", options.message,
                messageBytes));
        md.append("**Correctness: ").append(correct ? "records in Kafka == messages acknowledged with 200, in every phase "
                + "and over the whole topic**" : "FAILED (see below)**").append("\n\n");
        if (!notes.isEmpty()) {
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        if (options.mode == Options.Mode.FULL) {
            headline(md);
        }
        phaseTable(md);
        if (!producers.isEmpty()) {
            md.append("\n## Kafka's ProducerPerformance on the same broker\n\n");
            md.append("| run | records | records/s | avg ms | p50 ms | p99 ms | p99.9 ms | producer CPU s / 10k records |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (ProducerPerf.Result p : producers) {
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.0f | %.0f | %.0f | %.2f |%n", p.label(),
                        p.records(), p.recordsPerSecond(), p.avgMs(), p.p50Ms(), p.p99Ms(), p.p999Ms(),
                        p.cpuSeconds() / p.records() * 10_000));
            }
            md.append('\n');
            producers.stream().map(ProducerPerf.Result::command).distinct()
                    .forEach(c -> md.append("- `").append(c).append("`\n"));
        }
        md.append("\n## Correctness\n\n");
        md.append(String.format(Locale.ROOT, "Every phase: the topic's end offsets grew by exactly the number of messages "
                + "acknowledged with 200 (column *records Δ*), with no request of unknown outcome: %s.%n%n",
                phases.stream().allMatch(Phase::exact) ? "yes" : "**NO**"));
        if (scan != null) {
            md.append(String.format(Locale.ROOT, "Whole topic `%s` read back record by record: %,d records; %,d messages "
                            + "acknowledged with 200 in this run; %d records whose key is not the value's resourceId as an "
                            + "8-byte big-endian long; %d values that are not a JSON object: %s.%n",
                    Harness.TOPIC, scan.records(), scanExpected, scan.badKeys(), scan.badValues(),
                    scan.records() == scanExpected && scan.badKeys() == 0 && scan.badValues() == 0 ? "exact" : "**MISMATCH**"));
        }
        md.append("\n## Memory\n\n| process | peak RSS (VmHWM) |\n|---|---|\n");
        serverPeakRss.forEach((label, mib) -> md.append(String.format(Locale.ROOT, "| server [%s] | %.0f MiB |%n", label, mib)));
        md.append(String.format(Locale.ROOT, "| broker (whole run) | %.0f MiB |%n", brokerPeakRss));
        if (!profiles.isEmpty()) {
            md.append("\n## Profile of the server (a server of its own with a JFR recording since launch, bench.jfc settings; a second recording started with jcmd around the phase after a warm-up)\n\n");
            profiles.forEach(p -> md.append(p).append('\n'));
        }
        md.append("\n## Commands\n\n");
        md.append("- broker: `").append(brokerCommand).append("`\n");
        servers.forEach((label, command) -> md.append("- server [").append(label).append("]: `").append(command).append("`\n"));
        md.append("\nLogs, recordings and this report: `").append(work).append("`.\n");
        return md.toString();
    }

    private void headline(StringBuilder md) {
        md.append("## Targets of issue 17 (ratios from this run)\n\n");
        md.append(String.format(Locale.ROOT, "Medians over %d interleaved rounds; in brackets the range over the rounds. "
                + "A ratio is taken within each round (the two sides measured a few seconds apart), then the median.%n%n",
                referenceByRound.size()));
        md.append("| target | measured | met |\n|---|---|---|\n");
        List<Phase> single = rounds(Harness.PLAIN, Harness.SINGLE);
        List<Double> singleRatios = ratiosTo(single, referenceByRound);
        if (!singleRatios.isEmpty()) {
            md.append(String.format(Locale.ROOT, "| single messages at saturation ≥ 40 %% of ProducerPerformance's records/s "
                            + "(random %d-byte records, acks=all, producer defaults) | %.1f %% [%s] (%,.0f requests/s vs "
                            + "%,.0f records/s) | %s |%n", messageBytes, 100 * median(singleRatios),
                    range(percent(singleRatios), 1), median(rates(single, false)),
                    median(recordsPerSecond(referenceByRound)), yes(median(singleRatios) >= 0.40)));
        }
        List<Phase> batch100 = rounds(Harness.PLAIN, Harness.BATCH_100);
        List<Double> batchRatios = ratiosTo(batch100, ceilingByRound);
        if (!batchRatios.isEmpty()) {
            md.append(String.format(Locale.ROOT, "| batches of 100 ≥ 90 %% of Kafka's ceiling for the same JSON "
                            + "(ProducerPerformance with the message itself and the server's producer settings) | %.0f %% [%s] "
                            + "(%,.0f messages/s vs %,.0f records/s) | %s |%n", 100 * median(batchRatios),
                    range(percent(batchRatios), 0), median(rates(batch100, true)), median(recordsPerSecond(ceilingByRound)),
                    yes(median(batchRatios) >= 0.90)));
        }
        for (Path jar : options.compareJars) {
            costRow(md, Harness.candidate(jar), "(no target) " + Harness.candidate(jar) + " (`" + jar + "`)", 0);
        }
        costRow(md, Harness.TLS, "TLS ≥ 85 % of plain", 0.85);
        costRow(md, Harness.AUTH, "HTTP Basic ≥ 95 % of plain (verification cache warm)", 0.95);
        costRow(md, Harness.TLS_AUTH, "(no target) TLS and HTTP Basic together", 0);
        for (int rate : options.rates) {
            openLoopRow(md, rate);
        }
        if (!single.isEmpty()) {
            List<Double> p99 = single.stream().map(p -> p.result().latencyMillis(99)).toList();
            md.append(String.format(Locale.ROOT, "| p99 ≤ 40 ms at saturation (single messages, %d connections, closed "
                    + "loop) | p99 %.1f ms [%s]; p50 %.1f | %s |%n", options.connections, median(p99), range(p99, 1),
                    median(single.stream().map(p -> p.result().latencyMillis(50)).toList()), yes(median(p99) <= 40)));
        }
        Double allocation = allocationKiBPerRequest.entrySet().stream().filter(e -> e.getKey().startsWith(Harness.SINGLE))
                .map(Map.Entry::getValue).findFirst().orElse(Double.NaN);
        if (!allocation.isNaN()) {
            md.append(String.format(Locale.ROOT, "| ≤ 16 KiB allocated per single-message request (JFR "
                    + "jdk.ThreadAllocationStatistics, all server threads, profiled saturation phase) | %.1f KiB | %s |%n",
                    allocation, yes(allocation <= 16)));
        }
        if (!serverPeakRss.isEmpty()) {
            double peak = serverPeakRss.values().stream().mapToDouble(d -> d).max().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| peak RSS of the server ≤ 512 MiB through the whole run, documented "
                            + "start command (`java %s -jar monitor-server.jar`) | %.0f MiB (highest of the %d servers; "
                            + "VmHWM) | %s |%n", String.join(" ", Processes.DOCUMENTED_JVM_OPTIONS), peak,
                    serverPeakRss.size(), yes(peak <= 512)));
        }
        md.append(String.format(Locale.ROOT, "| records in Kafka == messages acknowledged with 200 | %s | %s |%n",
                correct ? "exact in every phase and over the whole topic" : "see Correctness", yes(correct)));
        if (features != null && !(features.tls() && features.auth())) {
            md.append("\nTLS/auth rows: **pending** — the server jar offers ")
                    .append(features.tls() ? "TLS" : "no TLS (`--tls-cert`/`dev-certs`)").append(" and ")
                    .append(features.auth() ? "authentication" : "no authentication (`--credentials-file`/`probes add`)")
                    .append(".\n");
        }
        md.append('\n');
        summaryTable(md);
    }

    /** Issue 17's latency targets of the open-loop phases: p99 ≤ 5 ms at 1,000 requests/s, ≤ 10 ms at 5,000. */
    private void openLoopRow(StringBuilder md, int rate) {
        List<Phase> open = rounds(Harness.PLAIN, Harness.openLoop(rate));
        if (open.isEmpty()) {
            return;
        }
        double target = rate == 1000 ? 5 : rate == 5000 ? 10 : Double.NaN;
        List<Double> p99 = open.stream().map(p -> p.result().latencyMillis(99)).toList();
        long unsent = open.stream().mapToLong(p -> p.result().unsent()).sum();
        md.append(String.format(Locale.ROOT, "| %s at %,d requests/s offered (open loop, coordinated omission "
                        + "corrected) | p99 %.1f ms [%s]; p50 %.1f, p99.9 %.1f; others' CPU %s %%%s | %s |%n",
                Double.isNaN(target) ? "(no target) latency" : String.format(Locale.ROOT, "p99 ≤ %.0f ms", target), rate,
                median(p99), range(p99, 1), median(open.stream().map(p -> p.result().latencyMillis(50)).toList()),
                median(open.stream().map(p -> p.result().latencyMillis(99.9)).toList()),
                range(open.stream().map(this::othersPercent).toList(), 0),
                unsent > 0 ? String.format(Locale.ROOT, "; %,d requests unsent (server behind)", unsent) : "",
                Double.isNaN(target) ? "-" : yes(median(p99) <= target && unsent == 0)));
    }

    private static List<Double> recordsPerSecond(Map<Integer, ProducerPerf.Result> byRound) {
        return byRound.values().stream().map(ProducerPerf.Result::recordsPerSecond).toList();
    }

    /** Medians per server and phase over the rounds: the table docs/performance.md quotes. */
    private void summaryTable(StringBuilder md) {
        md.append("### Medians over the rounds\n\n| server | phase | requests/s | messages/s | p50 ms | p99 ms | p99.9 ms "
                + "| server CPU s / 10k msg | broker CPU s / 10k msg | others' CPU % |\n|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Phase>> groups = new LinkedHashMap<>();
        for (Phase p : phases) {
            String name = p.result().load().name();
            int round = name.indexOf(", round ");
            if (round > 0) {
                groups.computeIfAbsent(p.server() + "\u0000" + name.substring(0, round), k -> new ArrayList<>()).add(p);
            }
        }
        groups.forEach((key, list) -> md.append(String.format(Locale.ROOT,
                "| %s | %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.2f | %.2f | %s |%n", key.substring(0, key.indexOf('\u0000')),
                key.substring(key.indexOf('\u0000') + 1), median(rates(list, false)), median(rates(list, true)),
                median(list.stream().map(p -> p.result().latencyMillis(50)).toList()),
                median(list.stream().map(p -> p.result().latencyMillis(99)).toList()),
                median(list.stream().map(p -> p.result().latencyMillis(99.9)).toList()),
                median(list.stream().map(p -> perTenThousand(p.serverCpu(), p.result().messagesOk())).toList()),
                median(list.stream().map(p -> perTenThousand(p.brokerCpu(), p.result().messagesOk())).toList()),
                range(list.stream().map(this::othersPercent).toList(), 0))));
        if (!referenceByRound.isEmpty()) {
            List<ProducerPerf.Result> refs = new ArrayList<>(referenceByRound.values());
            md.append(String.format(Locale.ROOT, "| ProducerPerformance | random %d B records, acks=all | - | %,.0f | %.0f "
                            + "| %.0f | %.0f | (producer JVM %.2f) | - | - |%n", messageBytes,
                    median(refs.stream().map(ProducerPerf.Result::recordsPerSecond).toList()),
                    median(refs.stream().map(ProducerPerf.Result::p50Ms).toList()),
                    median(refs.stream().map(ProducerPerf.Result::p99Ms).toList()),
                    median(refs.stream().map(ProducerPerf.Result::p999Ms).toList()),
                    median(refs.stream().map(r -> r.cpuSeconds() / r.records() * 10_000).toList())));
        }
        md.append('\n');
    }

    /**
     * A security variant against plain, from the interleaved rounds: the median over rounds of the
     * ratio variant ÷ plain measured in the same round, with the range of the per-round ratios.
     */
    private void costRow(StringBuilder md, String server, String target, double floor) {
        List<Double> single = roundRatios(server, Harness.SINGLE);
        if (single.isEmpty()) {
            md.append("| ").append(target).append(" | pending (auth/TLS not in this server jar, or not run) | - |\n");
            return;
        }
        List<Double> batch = roundRatios(server, Harness.BATCH_100);
        double ratio = median(single);
        double cpu = median(cpuRatios(server, Harness.SINGLE));
        md.append(String.format(Locale.ROOT, "| %s | single messages: %.0f %% [%s] of plain (%,.0f vs %,.0f requests/s; "
                        + "server CPU per message %.2f × plain's)%s | %s |%n", target, 100 * ratio, range(percent(single), 0),
                median(rates(rounds(server, Harness.SINGLE), false)), median(rates(rounds(Harness.PLAIN, Harness.SINGLE), false)),
                cpu, batch.isEmpty() ? "" : String.format(Locale.ROOT, "; batches of 100: %.0f %% [%s] (%,.0f vs %,.0f messages/s)",
                        100 * median(batch), range(percent(batch), 0), median(rates(rounds(server, Harness.BATCH_100), true)),
                        median(rates(rounds(Harness.PLAIN, Harness.BATCH_100), true))),
                floor > 0 ? yes(ratio >= floor) : "-"));
    }

    private List<Phase> rounds(String server, String name) {
        return phases.stream().filter(p -> p.server().equals(server)
                && p.result().load().name().startsWith(name + ", round ")).toList();
    }

    private static int roundOf(Phase p) {
        String name = p.result().load().name();
        return Integer.parseInt(name.substring(name.lastIndexOf(' ') + 1));
    }

    /** Per round: the variant's messages/s ÷ the plain server's in the same round. */
    private List<Double> roundRatios(String server, String name) {
        List<Double> ratios = new ArrayList<>();
        for (Phase p : rounds(server, name)) {
            find(Harness.PLAIN, p.result().load().name()).ifPresent(plain -> ratios.add(p.result().messagesPerSecond()
                    / plain.result().messagesPerSecond()));
        }
        return ratios;
    }

    /** Per round: the variant's server CPU seconds per message ÷ the plain server's in the same round. */
    private List<Double> cpuRatios(String server, String name) {
        List<Double> ratios = new ArrayList<>();
        for (Phase p : rounds(server, name)) {
            find(Harness.PLAIN, p.result().load().name()).ifPresent(plain -> ratios.add(
                    (p.serverCpu() / p.result().messagesOk()) / (plain.serverCpu() / plain.result().messagesOk())));
        }
        return ratios;
    }

    /** Per round: messages/s ÷ a ProducerPerformance run's records/s in the same round. */
    private static List<Double> ratiosTo(List<Phase> list, Map<Integer, ProducerPerf.Result> byRound) {
        List<Double> ratios = new ArrayList<>();
        for (Phase p : list) {
            ProducerPerf.Result ref = byRound.get(roundOf(p));
            if (ref != null) {
                ratios.add(p.result().messagesPerSecond() / ref.recordsPerSecond());
            }
        }
        return ratios;
    }

    private static List<Double> rates(List<Phase> list, boolean messages) {
        return list.stream().map(p -> messages ? p.result().messagesPerSecond() : p.result().requestsPerSecond()).toList();
    }

    private static List<Double> percent(List<Double> ratios) {
        return ratios.stream().map(r -> 100 * r).toList();
    }

    private double othersPercent(Phase p) {
        double machine = p.wallSeconds() * Runtime.getRuntime().availableProcessors();
        return Math.max(0, 100 * (p.machineBusy() - p.serverCpu() - p.brokerCpu() - p.generatorCpu()) / machine);
    }

    private static String range(List<Double> values, int decimals) {
        if (values.isEmpty()) {
            return "-";
        }
        String format = "%,." + decimals + "f";
        return String.format(Locale.ROOT, format + "–" + format, values.stream().mapToDouble(d -> d).min().orElse(0),
                values.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void phaseTable(StringBuilder md) {
        md.append("## Phases\n\nLatency: closed-loop phases from the actual send; open-loop phases from the *intended* "
                + "send time (coordinated omission corrected). CPU: `/proc/<pid>/stat` utime+stime of the server JVM and "
                + "of the broker JVM during the phase, per 10,000 acknowledged messages; *others* = CPU used by every "
                + "other process on the machine (colleagues' builds) as a share of the machine during the phase.\n\n");
        md.append("| server | phase | conns | offered req/s | 200 | non-200 | unknown | unsent | messages acked | records Δ "
                        + "| requests/s | messages/s | p50 ms | p99 ms | p99.9 ms | max ms | server CPU s/10k msg "
                        + "| broker CPU s/10k msg | generator CPU % | others CPU % |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int cores = Runtime.getRuntime().availableProcessors();
        for (Phase p : phases) {
            LoadGenerator.Result r = p.result();
            double machine = p.wallSeconds() * cores;
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %d | %s | %,d | %s | %d | %d | %,d | %,d%s | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.0f | %.0f |%n",
                    p.server(), r.load().name(), r.load().connections(), r.load().openLoop()
                            ? String.format(Locale.ROOT, "%,.0f", r.load().rate()) : "max", r.ok(),
                    r.statuses().isEmpty() ? "0" : r.statuses().toString(), r.unknown(), r.unsent(), r.messagesOk(),
                    p.recordsDelta(), p.exact() ? "" : " **≠**", r.requestsPerSecond(), r.messagesPerSecond(),
                    r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(99.9), r.latencyMicros().getMaxValue() / 1000.0,
                    perTenThousand(p.serverCpu(), r.messagesOk()), perTenThousand(p.brokerCpu(), r.messagesOk()),
                    100 * p.generatorCpu() / machine, othersPercent(p)));
        }
    }

    private Optional<Phase> find(String server, String name) {
        return phases.stream().filter(p -> p.server().equals(server) && p.result().load().name().equals(name)).findFirst();
    }

    private static double perTenThousand(double cpu, long messages) {
        return messages == 0 ? Double.NaN : cpu / messages * 10_000;
    }

    private static String yes(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private String shorten(String command) {
        return command.replace(System.getProperty("java.class.path"), "<bench classpath>")
                .replace(work.toString() + "/", "")
                .replace(ChildJvm.javaExecutable(), "java");
    }

    private static String machine() {
        StringBuilder m = new StringBuilder();
        m.append(Runtime.getRuntime().availableProcessors()).append(" cores");
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.append(" (").append(l.substring(l.indexOf(':') + 1).trim()).append(")"));
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .ifPresent(l -> m.append(String.format(Locale.ROOT, ", %.0f GiB RAM",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)));
            m.append(", Linux ").append(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        } catch (IOException | RuntimeException e) {
            // partial description
        }
        m.append(", Java ").append(System.getProperty("java.vm.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append("); server, broker and load generator on this machine");
        return m.toString();
    }
}
