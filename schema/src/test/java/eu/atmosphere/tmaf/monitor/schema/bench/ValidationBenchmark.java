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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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

    private final MessageValidator validator = MessageValidator.create();

    private byte[] oneObservation;
    private byte[] batchOf100;
    private byte[] hundredObservations;
    private byte[] hundredInvalidObservations;
    private JsonNode hundredObservationsTree;

    @Setup
    public void setUp() throws MalformedJsonException, TooManyMessagesException {
        oneObservation = MessageCodec.INSTANCE.toJson(new Message(1098, 101098, 1, NOW,
                List.of(new Data(Data.Type.MEASUREMENT, 34, new Observation(NOW, 342.0)))));
        StringBuilder batch = new StringBuilder("[");
        for (int m = 0; m < 100; m++) {
            batch.append(m == 0 ? "" : ",").append(new String(MessageCodec.INSTANCE.toJson(new Message(1098, 101098 + m,
                    m, NOW, List.of(new Data(Data.Type.MEASUREMENT, 34, new Observation(NOW + m, 342.0 + m))))),
                    StandardCharsets.UTF_8));
        }
        batchOf100 = batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
        List<Data> items = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            Data item = new Data(d % 2 == 0 ? Data.Type.MEASUREMENT : Data.Type.EVENT, d);
            for (int o = 0; o < 10; o++) {
                item.addObservation(new Observation(NOW + o, 20000.00001 + d * 10 + o));
            }
            items.add(item);
        }
        hundredObservations = MessageCodec.INSTANCE.toJson(new Message(1098, 101098, 2, NOW, items));
        hundredInvalidObservations = new String(hundredObservations, StandardCharsets.UTF_8)
                .replace("\"time\":", "\"time\":-").getBytes(StandardCharsets.UTF_8);
        hundredObservationsTree = JsonDocumentParser.DEFAULT.parse(hundredObservations);
        check(check1Observation().valid() && checkBatchOf100().valid() && check100Observations().valid()
                        && validator.validate(hundredObservationsTree).isEmpty(),
                "the benchmark's valid messages are invalid");
        check(check100InvalidObservations().violations().size() == 100,
                "the benchmark's invalid message does not have 100 violations");
    }

    /** Check a message with one observation (the seed's size). */
    @Benchmark
    public CheckedDocument check1Observation() throws MalformedJsonException, TooManyMessagesException {
        return validator.check(oneObservation, MAX_ITEMS, MAX_VIOLATIONS);
    }

    /** Check a batch of 100 one-observation messages. */
    @Benchmark
    public CheckedDocument checkBatchOf100() throws MalformedJsonException, TooManyMessagesException {
        return validator.check(batchOf100, MAX_ITEMS, MAX_VIOLATIONS);
    }

    /** Check a message with 100 observations. */
    @Benchmark
    public CheckedDocument check100Observations() throws MalformedJsonException, TooManyMessagesException {
        return validator.check(hundredObservations, MAX_ITEMS, MAX_VIOLATIONS);
    }

    /** Check a message with 100 observations that all break a rule (100 violations, written by everit). */
    @Benchmark
    public CheckedDocument check100InvalidObservations() throws MalformedJsonException, TooManyMessagesException {
        return validator.check(hundredInvalidObservations, MAX_ITEMS, MAX_VIOLATIONS);
    }

    /** everit alone on an already parsed message with 100 observations: what the pass spares a valid message. */
    @Benchmark
    public List<Violation> everitOnParsed100Observations() {
        return validator.validate(hundredObservationsTree);
    }

    /** The tree parser alone, a message with 100 observations: what the pass spares a valid message too. */
    @Benchmark
    public JsonNode parse100Observations() throws MalformedJsonException {
        return JsonDocumentParser.DEFAULT.parse(hundredObservations);
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
