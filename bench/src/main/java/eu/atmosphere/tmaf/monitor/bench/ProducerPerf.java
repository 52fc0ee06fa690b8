package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Apache Kafka's own producer benchmark, {@code org.apache.kafka.tools.ProducerPerformance}
 * (kafka-tools, same version as the server's client), in a child JVM against the broker under
 * test, and reads its closing summary line.
 */
final class ProducerPerf {

    /**
     * The summary.
     *
     * @param label        shown in reports
     * @param command      the exact command run
     * @param records      records sent
     * @param recordsPerSecond throughput
     * @param avgMs        average latency
     * @param p50Ms        median latency
     * @param p99Ms        99th percentile
     * @param p999Ms       99.9th percentile
     * @param cpuSeconds   CPU time of the ProducerPerformance JVM
     * @param wallSeconds  wall time of the child JVM
     */
    record Result(String label, String command, long records, double recordsPerSecond, double avgMs, double p50Ms,
                  double p99Ms, double p999Ms, double cpuSeconds, double wallSeconds) {
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    private ProducerPerf() {
    }

    /**
     * @param label       shown in reports
     * @param classpath   a classpath with kafka-tools and its dependencies
     * @param topic       an existing topic
     * @param records     how many records
     * @param recordSize  bytes of random payload per record, or 0 to use {@code payloadFile}
     * @param payloadFile one payload per line (used when recordSize is 0)
     * @param props       producer properties (bootstrap.servers=..., acks=all, ...)
     * @param log         where the tool's output goes
     */
    static Result run(String label, String classpath, String topic, long records, int recordSize, Path payloadFile,
                      List<String> props, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable(), "-cp", classpath,
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Long.toString(records), "--throughput", "-1"));
        if (recordSize > 0) {
            command.addAll(List.of("--record-size", Integer.toString(recordSize)));
        } else {
            command.addAll(List.of("--payload-file", payloadFile.toString()));
        }
        command.add("--producer-props");
        command.addAll(props);
        double cpuBefore = ProcStats.reapedChildrenCpuSeconds();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("ProducerPerformance did not finish in 10 minutes, see " + log);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = ProcStats.reapedChildrenCpuSeconds() - cpuBefore;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        String summary = null;
        for (Matcher m = SUMMARY.matcher(output); m.find(); ) {
            summary = m.group();
        }
        Matcher last = summary == null ? null : SUMMARY.matcher(summary);
        if (last != null) {
            last.find();
        }
        if (process.exitValue() != 0 || last == null) {
            throw new IOException("ProducerPerformance failed (exit " + process.exitValue() + "), see " + log);
        }
        String shown = String.join(" ", command.subList(3, command.size()))
                .replace(classpath, "<bench classpath>");
        return new Result(label, "java -cp <bench classpath> " + shown, Long.parseLong(last.group(1)),
                Double.parseDouble(last.group(2)), Double.parseDouble(last.group(4)), Double.parseDouble(last.group(6)),
                Double.parseDouble(last.group(8)), Double.parseDouble(last.group(9)), cpu, wall);
    }
}
