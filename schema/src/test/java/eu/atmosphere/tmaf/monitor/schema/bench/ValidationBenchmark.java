package eu.atmosphere.tmaf.monitor.schema.bench;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import eu.atmosphere.tmaf.monitor.message.Observation;
import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import eu.atmosphere.tmaf.monitor.schema.MalformedJsonException;
import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
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
 * What the server pays per request body for the schema check: parsing untrusted bytes into a
 * tree and validating it against tma-m v0.4, for a one-observation message and for a message of
 * 10 data items with 10 observations each (100 observations, 4.6 KB; the small one is 174 bytes).
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

    private final MessageValidator validator = MessageValidator.create();

    private byte[] oneObservation;
    private byte[] hundredObservations;
    private byte[] hundredInvalidObservations;
    private byte[] batchOf100;
    private JsonNode oneObservationTree;
    private JsonNode hundredObservationsTree;

    @Setup
    public void setUp() throws MalformedJsonException {
        oneObservation = MessageCodec.INSTANCE.toJson(new Message(1098, 101098, 1, NOW,
                List.of(new Data(Data.Type.MEASUREMENT, 34, new Observation(NOW, 342.0)))));
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
        StringBuilder batch = new StringBuilder("[");
        for (int m = 0; m < 100; m++) {
            batch.append(m == 0 ? "" : ",").append(new String(MessageCodec.INSTANCE.toJson(new Message(1098, 101098 + m,
                    m, NOW, List.of(new Data(Data.Type.MEASUREMENT, 34, new Observation(NOW + m, 342.0 + m))))),
                    StandardCharsets.UTF_8));
        }
        batchOf100 = batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
        oneObservationTree = JsonDocumentParser.DEFAULT.parse(oneObservation);
        hundredObservationsTree = JsonDocumentParser.DEFAULT.parse(hundredObservations);
        check(validator.validate(oneObservationTree).isEmpty() && validator.validate(hundredObservationsTree).isEmpty(),
                "the benchmark's valid messages are invalid");
        check(validator.validate(JsonDocumentParser.DEFAULT.parse(hundredInvalidObservations)).size() == 100,
                "the benchmark's invalid message does not have 100 violations");
    }

    /** Parse and validate a message with one observation. */
    @Benchmark
    public List<Violation> parseAndValidate1Observation() throws MalformedJsonException {
        return validator.validate(JsonDocumentParser.DEFAULT.parse(oneObservation));
    }

    /** Parse and validate a batch of 100 one-observation messages, as the server does (at most 101 violations). */
    @Benchmark
    public List<Violation> parseAndValidateBatchOf100() throws MalformedJsonException {
        return validator.validate(JsonDocumentParser.DEFAULT.parse(batchOf100), 101);
    }

    /** Parse and validate a message with 100 observations. */
    @Benchmark
    public List<Violation> parseAndValidate100Observations() throws MalformedJsonException {
        return validator.validate(JsonDocumentParser.DEFAULT.parse(hundredObservations));
    }

    /** Parse and validate a message with 100 observations that all break a rule (100 violations). */
    @Benchmark
    public List<Violation> parseAndValidate100InvalidObservations() throws MalformedJsonException {
        return validator.validate(JsonDocumentParser.DEFAULT.parse(hundredInvalidObservations));
    }

    /** Validate an already parsed message with one observation. */
    @Benchmark
    public List<Violation> validateParsed1Observation() {
        return validator.validate(oneObservationTree);
    }

    /** Validate an already parsed message with 100 observations. */
    @Benchmark
    public List<Violation> validateParsed100Observations() {
        return validator.validate(hundredObservationsTree);
    }

    /** Parse only, a message with 100 observations: the share of the parser in the totals above. */
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
