package eu.atmosphere.tmaf.monitor.schema.bench;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import eu.atmosphere.tmaf.monitor.message.Observation;
import eu.atmosphere.tmaf.monitor.schema.CheckedDocument;
import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import eu.atmosphere.tmaf.monitor.schema.MalformedJsonException;
import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.schema.TooManyMessagesException;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the server pays per request body for the schema check: {@link MessageValidator#check} (the
 * streaming pass, everit for what it does not certify, each message's byte range and ids) on a
 * one-observation message (174 bytes, the seed's size), a batch of 100 of them, a message of 10 data
 * items with 10 observations each (100 observations, 4.6 KB) and the same with all 100 {@code time}s
 * negative (100 violations); and, for comparison, everit alone on a parsed tree and the tree parser alone.
 * Run it as described in the module's README.md; it is not part of {@code mvn test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ValidationBenchmark {

    private static final long NOW = 1535971455L;
    /** The server's defaults: most messages in a batch, most violations reported plus one. */
    private static final int MAX_ITEMS = 10_000;
    private static final int MAX_VIOLATIONS = 101;
    private static final MessageValidator VALIDATOR = MessageValidator.create();
    private static final byte[] HUNDRED_OBSERVATIONS = hundredObservations();

    private JsonNode hundredObservationsTree;

    /** The body {@link #check} checks, and how many violations it has. */
    @State(Scope.Benchmark)
    public static class Document {

        /**
         * A message with one observation (the seed's size), a batch of 100 of them, a message with 100
         * observations, or the same with all 100 breaking a rule (100 violations, written by everit).
         */
        @Param({"oneObservation", "batchOf100", "hundredObservations", "hundredInvalidObservations"})
        public String name;

        private byte[] body;

        @Setup
        public void setUp() throws MalformedJsonException, TooManyMessagesException {
            body = Map.of("oneObservation", message(0), "batchOf100", batchOf100(),
                    "hundredObservations", HUNDRED_OBSERVATIONS,
                    "hundredInvalidObservations", new String(HUNDRED_OBSERVATIONS, StandardCharsets.UTF_8)
                            .replace("\"time\":", "\"time\":-").getBytes(StandardCharsets.UTF_8)).get(name);
            int violations = VALIDATOR.check(body, MAX_ITEMS, MAX_VIOLATIONS).violations().size();
            check(violations == (name.equals("hundredInvalidObservations") ? 100 : 0),
                    name + " has " + violations + " violations");
        }
    }

    @Setup
    public void setUp() throws MalformedJsonException {
        hundredObservationsTree = JsonDocumentParser.DEFAULT.parse(HUNDRED_OBSERVATIONS);
        check(VALIDATOR.validate(hundredObservationsTree).isEmpty(), "the benchmark's parsed message is invalid");
    }

    /** Check the {@link Document}. */
    @Benchmark
    public CheckedDocument check(Document document) throws MalformedJsonException, TooManyMessagesException {
        return VALIDATOR.check(document.body, MAX_ITEMS, MAX_VIOLATIONS);
    }

    /** everit alone on an already parsed message with 100 observations: what the pass spares a valid message. */
    @Benchmark
    public List<Violation> everitOnParsed100Observations() {
        return VALIDATOR.validate(hundredObservationsTree);
    }

    /** The tree parser alone, a message with 100 observations: what the pass spares a valid message too. */
    @Benchmark
    public JsonNode parse100Observations() throws MalformedJsonException {
        return JsonDocumentParser.DEFAULT.parse(HUNDRED_OBSERVATIONS);
    }

    /** @return message {@code m} of a batch: one measurement with one observation */
    private static byte[] message(int m) {
        return MessageCodec.INSTANCE.toJson(new Message(1098, 101098 + m, m, NOW,
                List.of(new Data(Data.Type.MEASUREMENT, 34, new Observation(NOW + m, 342.0 + m)))));
    }

    private static byte[] batchOf100() {
        StringBuilder batch = new StringBuilder("[");
        for (int m = 0; m < 100; m++) {
            batch.append(m == 0 ? "" : ",").append(new String(message(m), StandardCharsets.UTF_8));
        }
        return batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return a message of 10 data items with 10 observations each */
    private static byte[] hundredObservations() {
        List<Data> items = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            Data item = new Data(d % 2 == 0 ? Data.Type.MEASUREMENT : Data.Type.EVENT, d);
            for (int o = 0; o < 10; o++) {
                item.addObservation(new Observation(NOW + o, 20000.00001 + d * 10 + o));
            }
            items.add(item);
        }
        return MessageCodec.INSTANCE.toJson(new Message(1098, 101098, 2, NOW, items));
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
