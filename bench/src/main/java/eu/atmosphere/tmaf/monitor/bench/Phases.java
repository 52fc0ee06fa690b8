package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.bench.Processes.Server;
import eu.atmosphere.tmaf.monitor.testsupport.LoadGenerator;
import eu.atmosphere.tmaf.monitor.testsupport.LoadGenerator.Load;
import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs load phases against a server and checks each one exactly: the records the phase added to the topic
 * equal the messages it got 200 for, and no request has an unknown outcome. Measures the CPU time of the
 * server, the broker, the load generator and the machine during the phase; at the end reads the whole topic
 * back ({@link #verifyTopic()}).
 */
final class Phases {

    /**
     * Connection {@code i} posts for resource {@code resourceId + i % RESOURCES}: many resources, as
     * in a deployment, so the records spread over the partitions (the key is the resourceId).
     */
    static final int RESOURCES = 16;

    private final Processes processes;
    private final KafkaCounts counts;
    private final Report report;
    private final byte[] message;
    private final long resourceId;
    private boolean correct = true;

    /**
     * @param message the minified message posted (alone or in batches), for resources from its resourceId on
     */
    Phases(Processes processes, KafkaCounts counts, Report report, byte[] message) {
        this.processes = processes;
        this.counts = counts;
        this.report = report;
        this.message = message;
        this.resourceId = Messages.longField(message, "resourceId");
    }

    /** One phase, with its exact correctness check and resource figures. */
    record Phase(String server, LoadGenerator.Result result, long recordsDelta, double serverCpu, double brokerCpu,
                 double generatorCpu, double machineBusy, double wallSeconds, String loadAverage) {

        boolean exact() {
            return recordsDelta == result.messagesOk() && result.unknown() == 0;
        }
    }

    /** @return whether every phase and the read-back so far were exact */
    boolean correct() {
        return correct;
    }

    /**
     * @param batch       messages per request (1: a single message, not an array)
     * @param connections concurrent connections
     * @param rate        offered requests per second, ≤ 0 for a closed loop
     */
    Phase run(Server server, String name, int batch, int connections, double rate, int seconds) throws Exception {
        byte[][] requests = new byte[connections][];
        for (int i = 0; i < connections; i++) {
            byte[] one = Messages.withResourceId(message, resourceId + i % RESOURCES);
            byte[] body = batch == 1 ? one : Messages.batch(one, batch);
            requests[i] = RawHttp.postJson(server.target(), body, server.authorization());
        }
        Load load = new Load(name, requests, batch, connections, rate, Duration.ofSeconds(seconds));
        long before = counts.endOffsets(Harness.TOPIC);
        double serverCpu = server.cpuSeconds();
        double brokerCpu = processes.brokerCpuSeconds();
        double selfCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        double[] machine = ProcStats.machineCpuSeconds();
        long t0 = System.nanoTime();
        LoadGenerator.Result result = LoadGenerator.run(server.target(), load);
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] machineAfter = ProcStats.machineCpuSeconds();
        Phase phase = new Phase(server.label(), result, counts.endOffsets(Harness.TOPIC) - before,
                server.cpuSeconds() - serverCpu, processes.brokerCpuSeconds() - brokerCpu,
                ProcStats.cpuSeconds(ProcessHandle.current().pid()) - selfCpu, machineAfter[0] - machine[0], wall,
                ProcStats.loadAverage());
        report.phase(phase);
        Harness.log(server.label() + " | " + Report.describe(result) + String.format(Locale.ROOT,
                " | records in Kafka +%d (%s) | load %s", phase.recordsDelta(), phase.exact() ? "exact" : "MISMATCH",
                phase.loadAverage()));
        if (!phase.exact()) {
            correct = false;
        }
        return phase;
    }

    /**
     * A phase with a second JFR recording, started after the warm-up (the server runs one since launch, so
     * starting this one deoptimises nothing), summarised into the report.
     */
    void profiled(Server server, String name, int batch, int connections, int seconds, Path work) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            report.note("no profile: " + jcmd + " missing (a JRE without jcmd)");
            return;
        }
        Path recording = work.resolve("server-" + Harness.slug(server.label()) + "-" + Harness.slug(name) + ".jfr");
        String pid = Long.toString(server.child().pid());
        processes.exec(List.of(jcmd.toString(), pid, "JFR.start", "name=bench", "settings=" + processes.jfrSettings()));
        Phase phase = run(server, name + ", with JFR", batch, connections, 0, seconds);
        processes.exec(List.of(jcmd.toString(), pid, "JFR.stop", "name=bench", "filename=" + recording));
        report.profile(phase, recording, JfrSummary.summarise(recording, phase.result().ok(),
                phase.result().messagesOk()));
    }

    /** Reads the topic back: its record count must equal the messages acknowledged, every key and value well formed. */
    void verifyTopic() {
        KafkaCounts.Scan scan = counts.scan(Harness.TOPIC);
        long acknowledged = report.acknowledgedMessages();
        report.scan(scan, acknowledged);
        Harness.log(String.format(Locale.ROOT, "topic %s read back: %d records, %d acknowledged with 200, %d bad keys,"
                + " %d bad values", Harness.TOPIC, scan.records(), acknowledged, scan.badKeys(), scan.badValues()));
        if (scan.records() != acknowledged || scan.badKeys() != 0 || scan.badValues() != 0) {
            correct = false;
        }
    }
}
