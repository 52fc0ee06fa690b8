package eu.atmosphere.tmaf.monitor.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command line of {@link Harness}; see {@link #USAGE}. */
final class Options {

    enum Mode { FULL, SMOKE, LOAD }

    static final String USAGE = """
            usage: bench/run.sh [--smoke] [options]       full harness (about 10 min) or correctness smoke (< 1 min)
                   bench/run.sh load --url URL [options]   the load generator alone against a running server

            harness options:
              --server-jar PATH        server jar (default monitor-server/target/monitor-server.jar)
              --out DIR                where logs, JFR recordings and report.md go (default bench/results/<time>)
              --message FILE           the message posted (default bench/message-1100.json; minified before use)
              --seconds N              length of a measured phase in a round (default 8; batch phases 5/8 of it)
              --connections N          connections of the single-message saturation phases (default 256: with
                                       the server's 5 ms producer linger, 32 connections cap it near 5,000/s)
              --batch-connections N    connections of the batch saturation phases (default 16)
              --rates R1,R2            offered requests/s of the open-loop phases (default 1000,5000)
              --producer-records N     records of each round's ProducerPerformance run (default 100000)
              --server-jvm-arg ARG     extra JVM option for the server, after the README's
                                       -Xmx256m -XX:+ExitOnOutOfMemoryError (repeatable)
              --compare-jar PATH       another server jar (e.g. a proposed change) measured in the same rounds,
                                       plain HTTP, reported as candidate ÷ plain (repeatable)
              --rounds N               interleaved rounds: plain, ProducerPerformance, TLS, auth (default 3)
              --no-profile --no-tls --no-auth   leave out those parts
            load options:
              --url URL                http(s)://host:port/monitor (an address on this machine)
              --ca-file PEM            CA certificate(s) to trust for https (default: the JDK's trust store)
              --authorization VALUE    Authorization header, e.g. "Basic <base64 of probeId:secret>"
              --body FILE              request body (default bench/seed-message.json); a JSON array counts as a batch
              --rate R                 offered requests/s, open loop (default 0 = closed loop, saturation)
              --seconds N              duration (default 8)
              --connections N          connections (default 32, 64 with --rate)
            """;

    Mode mode = Mode.FULL;
    boolean help;
    Path serverJar = Path.of("monitor-server/target/monitor-server.jar");
    Path out;
    List<Path> compareJars = new ArrayList<>();
    Path message = Path.of("bench/message-1100.json");
    int seconds = 8;
    int connections = 256;
    int batchConnections = 16;
    List<Integer> rates = List.of(1000, 5000);
    long producerRecords = 100_000;
    List<String> serverJvmArgs = new ArrayList<>();
    boolean profile = true;
    boolean tls = true;
    boolean auth = true;
    int rounds = 3;
    String url;
    Path caFile;
    String authorization;
    Path body = Path.of("bench/seed-message.json");
    double rate;
    String commandLine;

    private Options() {
    }

    static Options parse(String[] args) {
        Options o = new Options();
        o.commandLine = String.join(" ", args);
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("load")) {
            o.mode = Mode.LOAD;
            o.connections = 0;
            a.remove(0);
        }
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            switch (arg) {
                case "-h", "--help" -> o.help = true;
                case "--smoke" -> o.mode = Mode.SMOKE;
                case "--server-jar" -> o.serverJar = Path.of(value(a, ++i, arg));
                case "--out" -> o.out = Path.of(value(a, ++i, arg));
                case "--compare-jar" -> o.compareJars.add(Path.of(value(a, ++i, arg)));
                case "--message" -> o.message = Path.of(value(a, ++i, arg));
                case "--seconds" -> o.seconds = positive(value(a, ++i, arg), arg);
                case "--connections" -> o.connections = positive(value(a, ++i, arg), arg);
                case "--batch-connections" -> o.batchConnections = positive(value(a, ++i, arg), arg);
                case "--rates" -> o.rates = Arrays.stream(value(a, ++i, arg).split(",")).map(r -> positive(r, arg)).toList();
                case "--producer-records" -> o.producerRecords = positive(value(a, ++i, arg), arg);
                case "--server-jvm-arg" -> o.serverJvmArgs.add(value(a, ++i, arg));
                case "--no-profile" -> o.profile = false;
                case "--no-tls" -> o.tls = false;
                case "--no-auth" -> o.auth = false;
                case "--rounds" -> o.rounds = positive(value(a, ++i, arg), arg);
                case "--url" -> o.url = value(a, ++i, arg);
                case "--ca-file" -> o.caFile = Path.of(value(a, ++i, arg));
                case "--authorization" -> o.authorization = value(a, ++i, arg);
                case "--body" -> o.body = Path.of(value(a, ++i, arg));
                case "--rate" -> o.rate = Double.parseDouble(value(a, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (o.mode == Mode.LOAD && o.url == null && !o.help) {
            throw new IllegalArgumentException("load needs --url");
        }
        if (o.out == null) {
            o.out = Path.of("bench/results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + (o.mode == Mode.SMOKE ? "-smoke" : ""));
        }
        return o;
    }

    private static String value(List<String> args, int i, String name) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String text, String name) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number: " + text);
        }
    }
}
