package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.bench.Harness.Phase;
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
    private ProducerPerf.Result reference;
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
    private Harness.Features features;

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

    void producer(ProducerPerf.Result result, boolean isReference) {
        producers.add(result);
        if (isReference) {
            reference = result;
        }
    }

    void profile(Phase phase, Path recording, String summary) {
        profiles.add("### " + phase.server() + ": " + phase.result().load().name() + String.format(Locale.ROOT,
                " (%,.0f requests/s, %,.0f messages/s while recording)%n%nRecording: `%s` (`jfr summary`, "
                        + "`jfr print --events jdk.ExecutionSample` or JDK Mission Control for the full picture).%n%n",
                phase.result().requestsPerSecond(), phase.result().messagesPerSecond(), work.relativize(recording)) + summary);
    }

    void features(Harness.Features features) {
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
            producers.forEach(p -> md.append("- `").append(p.command()).append("`\n"));
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
            md.append("\n## Profile of the server (JFR, `settings=profile`, started and stopped with jcmd around the phase)\n\n");
            profiles.forEach(p -> md.append(p).append('\n'));
        }
        md.append("\n## Commands\n\n");
        md.append("- broker: `").append(brokerCommand).append("`\n");
        servers.forEach((label, command) -> md.append("- server [").append(label).append("]: `").append(command).append("`\n"));
        md.append("\nLogs, recordings and this report: `").append(work).append("`.\n");
        return md.toString();
    }

    private void headline(StringBuilder md) {
        List<Double> plainRounds = rounds("plain", "single, saturation").stream()
                .map(p -> p.result().requestsPerSecond()).toList();
        Optional<Phase> single = find("plain", "single, saturation");
        Optional<Phase> batch100 = find("plain", "batch of 100, saturation");
        Optional<Phase> batch10 = find("plain", "batch of 10, saturation");
        md.append("## Targets of issue 8 (ratios from this run)\n\n| target | measured | met |\n|---|---|---|\n");
        double pp = reference == null ? Double.NaN : reference.recordsPerSecond();
        single.ifPresent(s -> {
            double rps = s.result().requestsPerSecond();
            md.append(String.format(Locale.ROOT, "| single messages ≥ 10 × the original's design (%.0f requests/s, one "
                            + "synchronous gunicorn worker) ≈ 4,000 requests/s | %,.0f requests/s = %.1f × | %s |%n",
                    ORIGINAL, rps, rps / ORIGINAL, yes(rps >= 10 * ORIGINAL)));
            double normalised = 10 * ORIGINAL / Harness.ORIGINAL_RUN_PRODUCER_RECORDS_PER_SECOND;
            if (!Double.isNaN(pp)) {
                md.append(String.format(Locale.ROOT, "| same, normalised by ProducerPerformance (the original: %.0f of "
                                + "%,.0f records/s, so 10 × is %.1f %% of ProducerPerformance) | %,.0f ÷ %,.0f = %.1f %% | %s |%n",
                        ORIGINAL, Harness.ORIGINAL_RUN_PRODUCER_RECORDS_PER_SECOND, 100 * normalised, rps, pp,
                        100 * rps / pp, yes(rps / pp >= normalised)));
            }
        });
        batch100.ifPresent(b -> {
            if (!Double.isNaN(pp)) {
                double ratio = b.result().messagesPerSecond() / pp;
                md.append(String.format(Locale.ROOT, "| batches of 100 ≥ 70 %% of ProducerPerformance records/s | "
                        + "%,.0f ÷ %,.0f = %.0f %% | %s |%n", b.result().messagesPerSecond(), pp, 100 * ratio, yes(ratio >= 0.70)));
            }
        });
        phases.stream().filter(p -> p.server().equals("plain") && p.result().load().openLoop()).forEach(p -> {
            double p99 = p.result().latencyMillis(99);
            boolean target = p.result().load().rate() == 1000;
            md.append(String.format(Locale.ROOT, "| %s at %,.0f requests/s offered | p99 %.2f ms (p50 %.2f, p99.9 %.2f) | %s |%n",
                    target ? "p99 ≤ 10 ms" : "(no target)", p.result().load().rate(), p99, p.result().latencyMillis(50),
                    p.result().latencyMillis(99.9), target ? yes(p99 <= 10 && p.result().unsent() == 0) : "-"));
        });
        costRow(md, Harness.TLS, "TLS costs ≤ 20 % of throughput", 0.80);
        costRow(md, Harness.AUTH, "authentication (HTTP Basic) costs ≤ 10 %", 0.90);
        costRow(md, Harness.TLS_AUTH, "(no target) TLS and authentication together", 0);
        md.append(String.format(Locale.ROOT, "| records in Kafka == messages acknowledged with 200 | %s | %s |%n",
                correct ? "exact in every phase" : "see below", yes(correct)));
        if (plainRounds.size() > 1) {
            md.append(String.format(Locale.ROOT, "%nSpread within this run: the plain server's single-message rounds "
                            + "ranged %,.0f–%,.0f requests/s (saturation phase above: %,.0f).%n",
                    plainRounds.stream().mapToDouble(d -> d).min().orElse(0),
                    plainRounds.stream().mapToDouble(d -> d).max().orElse(0),
                    single.map(p -> p.result().requestsPerSecond()).orElse(Double.NaN)));
        }
        batch10.ifPresent(b -> md.append(String.format(Locale.ROOT, "%nBatches of 10: %,.0f messages/s (%.0f %% of "
                        + "ProducerPerformance).%n", b.result().messagesPerSecond(), 100 * b.result().messagesPerSecond() / pp)));
        if (features != null && !(features.tls() && features.auth())) {
            md.append("\nTLS/auth rows: **pending** — the server jar offers ")
                    .append(features.tls() ? "TLS" : "no TLS (`--tls-cert`/`dev-certs`)").append(" and ")
                    .append(features.auth() ? "authentication" : "no authentication (`--credentials-file`/`probes add`)")
                    .append(" yet (auth/TLS not merged). The generator supports both: `bench/run.sh load --url https://... "
                            + "--ca-file CA.pem --authorization \"Basic ...\"`.\n");
        }
        md.append('\n');
    }

    private static final double ORIGINAL = Harness.ORIGINAL_REQUESTS_PER_SECOND;

    /**
     * A security variant against plain, from the interleaved rounds: the median over rounds of the
     * ratio variant ÷ plain measured in the same round, with the range of the per-round ratios.
     */
    private void costRow(StringBuilder md, String server, String target, double floor) {
        List<Double> single = roundRatios(server, "single, saturation");
        if (single.isEmpty()) {
            md.append("| ").append(target).append(" | pending (auth/TLS not in this server jar, or not run) | - |\n");
            return;
        }
        List<Double> batch = roundRatios(server, "batch of 100, saturation");
        double ratio = median(single);
        md.append(String.format(Locale.ROOT, "| %s | single messages: %.0f %% of plain (median of %d interleaved rounds, "
                        + "%,.0f vs %,.0f requests/s; per-round ratios %.0f–%.0f %%)%s | %s |%n",
                target, 100 * ratio, single.size(), medianRate(server, "single, saturation", false),
                medianRate("plain", "single, saturation", false), 100 * single.stream().mapToDouble(d -> d).min().orElse(0),
                100 * single.stream().mapToDouble(d -> d).max().orElse(0),
                batch.isEmpty() ? "" : String.format(Locale.ROOT, "; batches of 100: %.0f %% (%,.0f vs %,.0f messages/s)",
                        100 * median(batch), medianRate(server, "batch of 100, saturation", true),
                        medianRate("plain", "batch of 100, saturation", true)),
                floor > 0 ? yes(ratio >= floor) : "-"));
    }

    private List<Phase> rounds(String server, String name) {
        return phases.stream().filter(p -> p.server().equals(server)
                && p.result().load().name().startsWith(name + ", round ")).toList();
    }

    private List<Double> roundRatios(String server, String name) {
        List<Double> ratios = new ArrayList<>();
        for (Phase p : rounds(server, name)) {
            String round = p.result().load().name();
            find("plain", round).ifPresent(plain -> ratios.add(p.result().messagesPerSecond()
                    / plain.result().messagesPerSecond()));
        }
        return ratios;
    }

    private double medianRate(String server, String name, boolean messages) {
        return median(rounds(server, name).stream().map(p -> messages ? p.result().messagesPerSecond()
                : p.result().requestsPerSecond()).toList());
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
            double others = p.machineBusy() - p.serverCpu() - p.brokerCpu() - p.generatorCpu();
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %d | %s | %,d | %s | %d | %d | %,d | %,d%s | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.0f | %.0f |%n",
                    p.server(), r.load().name(), r.load().connections(), r.load().openLoop()
                            ? String.format(Locale.ROOT, "%,.0f", r.load().rate()) : "max", r.ok(),
                    r.statuses().isEmpty() ? "0" : r.statuses().toString(), r.unknown(), r.unsent(), r.messagesOk(),
                    p.recordsDelta(), p.exact() ? "" : " **≠**", r.requestsPerSecond(), r.messagesPerSecond(),
                    r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(99.9), r.latencyMicros().getMaxValue() / 1000.0,
                    perTenThousand(p.serverCpu(), r.messagesOk()), perTenThousand(p.brokerCpu(), r.messagesOk()),
                    100 * p.generatorCpu() / machine, Math.max(0, 100 * others / machine)));
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
                .replace(Harness.javaExecutable(), "java");
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
