package eu.atmosphere.tmaf.monitor.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Condenses a JFR recording of the server into what a reviewer needs: where the CPU samples
 * are by component (JDK frames charged to the library that called them), by thread group, the
 * hottest methods, the allocation hot spots, GC pauses and long parks of HTTP worker threads.
 *
 * <pre>
 * java -cp bench/target/monitor-bench.jar eu.atmosphere.tmaf.monitor.bench.JfrSummary server.jfr
 * </pre>
 */
public final class JfrSummary {

    /** Package prefixes → component, first match wins (checked from the leaf frame towards the root). */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser", "JSON parsing (Jackson)");
        COMPONENTS.put("com.fasterxml.jackson.core.", "JSON parsing (Jackson)");
        COMPONENTS.put("com.fasterxml.jackson.databind.", "JSON tree / writing (jackson-databind)");
        COMPONENTS.put("eu.atmosphere.tmaf.monitor.schema.OrgJsonTree", "schema validation: Jackson → org.json copy");
        COMPONENTS.put("org.json.", "schema validation: Jackson → org.json copy");
        COMPONENTS.put("org.everit.", "schema validation (everit)");
        COMPONENTS.put("eu.atmosphere.tmaf.monitor.schema.", "schema validation (everit)");
        COMPONENTS.put("net.jpountz.", "Kafka producer: lz4 compression");
        COMPONENTS.put("org.apache.kafka.", "Kafka producer (client)");
        COMPONENTS.put("io.prometheus.", "Prometheus metrics");
        COMPONENTS.put("org.slf4j.", "logging");
        COMPONENTS.put("org.glassfish.jersey.", "Jersey (JAX-RS)");
        COMPONENTS.put("org.glassfish.hk2.", "Jersey (JAX-RS)");
        COMPONENTS.put("org.jvnet.hk2.", "Jersey (JAX-RS)");
        COMPONENTS.put("jakarta.", "Jersey (JAX-RS)");
        COMPONENTS.put("org.glassfish.grizzly.", "Grizzly HTTP (parsing, I/O)");
        COMPONENTS.put("eu.atmosphere.tmaf.monitor.server.", "monitor-server code");
    }

    /**
     * Steps of the request pipeline, recognised by a frame anywhere on the stack (the one nearest
     * the leaf wins): they take precedence over {@link #COMPONENTS}, so e.g. Jackson writing batch
     * items counts as that step, not as JSON parsing.
     */
    private static final Map<String, String> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("eu.atmosphere.tmaf.monitor.server.auth.", "step: authentication");
        STEPS.put("eu.atmosphere.tmaf.monitor.server.ingest.RequestBody", "step: reading the body");
        STEPS.put("eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser", "step: JSON parsing into a tree (Jackson)");
        STEPS.put("eu.atmosphere.tmaf.monitor.schema.MessageValidator",
                "step: the schema's streaming pass (everit for what it cannot certify)");
        STEPS.put("eu.atmosphere.tmaf.monitor.server.ingest.OutgoingRecords", "step: one record per message");
        STEPS.put("eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher", "step: Kafka producer send (request thread)");
        STEPS.put("org.apache.kafka.clients.producer.internals.Sender", "step: Kafka producer network thread");
    }

    private final Map<String, Long> byComponent = new HashMap<>();
    private final Map<String, Long> byThread = new HashMap<>();
    private final Map<String, Long> bySelfMethod = new HashMap<>();
    private final Map<String, Long> allocationByFrame = new HashMap<>();
    private final Map<String, Long> parkedByFrame = new HashMap<>();
    private final Map<String, Long> parkedCountByFrame = new HashMap<>();
    private final Map<Long, long[]> allocatedByThread = new HashMap<>();
    private final Map<Long, String> threadNames = new HashMap<>();
    private long samples;
    private long allocationBytes;
    private long gcCount;
    private Duration gcPauses = Duration.ZERO;
    private Duration longestGcPause = Duration.ZERO;

    private long requests;
    private long messages;

    private JfrSummary() {
    }

    /**
     * What a recording says, condensed.
     *
     * @param markdown            the summary for the report
     * @param kibPerRequest       KiB the server's threads allocated per request answered during the recording
     *                            (jdk.ThreadAllocationStatistics), NaN if unknown
     */
    record Summary(String markdown, double kibPerRequest) {
    }

    /** @param args one recording file, optionally the number of requests and messages it covers */
    public static void main(String[] args) throws IOException {
        System.out.println(summarise(Path.of(args[0]), args.length > 1 ? Long.parseLong(args[1]) : 0,
                args.length > 2 ? Long.parseLong(args[2]) : 0).markdown());
    }

    /**
     * @param requests requests answered during the recording (0 if unknown)
     * @param messages messages acknowledged during the recording (0 if unknown)
     * @return a summary of the recording
     */
    static Summary summarise(Path recording, long requests, long messages) throws IOException {
        JfrSummary s = new JfrSummary();
        s.requests = requests;
        s.messages = messages;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                s.accept(file.readEvent());
            }
        }
        long allocated = s.allocated();
        return new Summary(s.render(), allocated > 0 && requests > 0 ? allocated / 1024.0 / requests : Double.NaN);
    }

    /** @return bytes allocated by all threads during the recording */
    private long allocated() {
        return allocatedByThread.values().stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    private void accept(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> executionSample(event);
            case "jdk.ObjectAllocationSample" -> {
                long weight = event.getLong("weight");
                allocationBytes += weight;
                allocationByFrame.merge(firstOwnFrame(event.getStackTrace()), weight, Long::sum);
            }
            case "jdk.ThreadAllocationStatistics" -> {
                RecordedThread thread = event.getValue("thread");
                if (thread != null) {
                    long allocated = event.getLong("allocated");
                    long[] range = allocatedByThread.computeIfAbsent(thread.getJavaThreadId(),
                            id -> new long[] {allocated, allocated});
                    range[0] = Math.min(range[0], allocated);
                    range[1] = Math.max(range[1], allocated);
                    threadNames.put(thread.getJavaThreadId(), thread.getJavaName());
                }
            }
            case "jdk.GarbageCollection" -> {
                gcCount++;
                Duration pause = event.getDuration("sumOfPauses");
                gcPauses = gcPauses.plus(pause);
                if (pause.compareTo(longestGcPause) > 0) {
                    longestGcPause = pause;
                }
            }
            case "jdk.ThreadPark", "jdk.JavaMonitorEnter" -> {
                RecordedThread thread = event.getThread();
                if (thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith("grizzly-http-server")
                        && !idle(event.getStackTrace())) {
                    String where = (event.getEventType().getName().equals("jdk.JavaMonitorEnter") ? "lock: " : "park: ")
                            + firstOwnFrame(event.getStackTrace());
                    parkedByFrame.merge(where, event.getDuration().toMillis(), Long::sum);
                    parkedCountByFrame.merge(where, 1L, Long::sum);
                }
            }
            default -> {
            }
        }
    }

    private void executionSample(RecordedEvent event) {
        samples++;
        RecordedThread thread = event.getThread("sampledThread");
        byThread.merge(threadGroup(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            byComponent.merge("(no stack)", 1L, Long::sum);
            return;
        }
        List<RecordedFrame> frames = stack.getFrames();
        bySelfMethod.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
        String component = null;
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> step : STEPS.entrySet()) {
                if (type.startsWith(step.getKey())) {
                    component = step.getValue();
                    break;
                }
            }
            if (component != null) {
                break;
            }
        }
        for (int i = 0; component == null && i < frames.size(); i++) {
            component = componentOf(frames.get(i).getMethod().getType().getName());
        }
        if (component == null) {
            component = "JDK only (no library frame on the stack)";
        }
        byComponent.merge(component, 1L, Long::sum);
    }

    /** A worker waiting for work is idle, not blocked. */
    private static boolean idle(RecordedStackTrace stack) {
        if (stack == null) {
            return false;
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String method = frame.getMethod().getName();
            String type = frame.getMethod().getType().getName();
            if (method.equals("getTask") || type.endsWith("SelectorRunner") || type.contains("ThreadPoolExecutor")) {
                return true;
            }
        }
        return false;
    }

    private static String componentOf(String type) {
        for (Map.Entry<String, String> entry : COMPONENTS.entrySet()) {
            if (type.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String threadGroup(String name) {
        if (name == null) {
            return "(unnamed)";
        }
        return name.replaceAll("[-#]?\\d+$", "").replaceAll("\\(\\d+\\)", "");
    }

    /** The leaf-most frame outside the JDK, with the method it was called from in the JDK if any. */
    private static String firstOwnFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = stack.getFrames();
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return name(frame.getMethod()) + (frame == frames.get(0) ? "" : " (via " + name(frames.get(0).getMethod()) + ")");
            }
        }
        return name(frames.get(0).getMethod());
    }

    private static String name(RecordedMethod method) {
        String type = method.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + method.getName();
    }

    private String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d CPU samples (jdk.ExecutionSample).%n%n", samples));
        out.append("| where (a pipeline step on the stack, else the library of the leaf-most non-JDK frame) "
                + "| share of CPU samples |\n|---|---|\n");
        top(byComponent, 20).forEach((k, v) -> out.append(row(k, pct(v, samples))));
        out.append("\n| thread group | share of CPU samples |\n|---|---|\n");
        top(byThread, 12).forEach((k, v) -> out.append(row(k, pct(v, samples))));
        out.append("\n| hottest methods (self) | share |\n|---|---|\n");
        top(bySelfMethod, 15).forEach((k, v) -> out.append(row("`" + k + "`", pct(v, samples))));
        long allocated = allocated();
        if (allocated > 0) {
            out.append(String.format(Locale.ROOT, "%nAllocated during the recording (jdk.ThreadAllocationStatistics): "
                    + "%,.0f MiB", allocated / 1048576.0));
            if (requests > 0) {
                out.append(String.format(Locale.ROOT, " = %,.1f KiB per request, %,.1f KiB per message",
                        allocated / 1024.0 / requests, allocated / 1024.0 / Math.max(messages, 1)));
            }
            Map<String, Long> byGroup = new HashMap<>();
            allocatedByThread.forEach((id, r) -> byGroup.merge(threadGroup(threadNames.get(id)), r[1] - r[0], Long::sum));
            out.append(" (");
            out.append(top(byGroup, 4).entrySet().stream().map(e -> e.getKey() + " " + pct(e.getValue(), allocated))
                    .collect(Collectors.joining(", ")));
            out.append(").\n");
        }
        if (allocationBytes > 0) {
            out.append("\n| allocation sites (jdk.ObjectAllocationSample, share of sampled weight) | share |\n|---|---|\n");
            top(allocationByFrame, 10).forEach((k, v) -> out.append(row("`" + k + "`", pct(v, allocationBytes))));
        }
        out.append(String.format(Locale.ROOT, "%nGC: %d collections, %d ms paused in total, longest pause %d ms.%n",
                gcCount, gcPauses.toMillis(), longestGcPause.toMillis()));
        if (!parkedByFrame.isEmpty()) {
            out.append("\n| HTTP worker threads blocked (lock) or parked beyond JFR's threshold, at | events | total ms |\n|---|---|---|\n");
            top(parkedByFrame, 8).forEach((k, v) -> out.append("| `").append(k).append("` | ")
                    .append(parkedCountByFrame.get(k)).append(" | ").append(v).append(" |\n"));
        } else {
            out.append("No HTTP worker thread blocked or parked (other than idle) beyond JFR's threshold (10-20 ms).\n");
        }
        return out.toString();
    }

    private static String row(String key, String value) {
        return "| " + key + " | " + value + " |\n";
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static Map<String, Long> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }
}
