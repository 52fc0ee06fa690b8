package eu.atmosphere.tmaf.monitor.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import eu.atmosphere.tmaf.monitor.schema.Corpus;
import eu.atmosphere.tmaf.monitor.schema.JsonDocumentParser;
import eu.atmosphere.tmaf.monitor.schema.MalformedJsonException;
import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRoundTripTest {

    /** The model carries schema v0.4's whole range; which part a monitor accepts is its profile's business. */
    private static final MessageValidator VALIDATOR = MessageValidator.create(AcceptanceProfile.FULL_64BIT);
    private static final MessageCodec CODEC = MessageCodec.INSTANCE;

    static Stream<Named<Message>> messages() {
        Data hundred = new Data(Data.Type.MEASUREMENT, 7);
        for (int i = 0; i < 100; i++) {
            hundred.addObservation(new Observation(1535971455L + i, i * 0.1));
        }
        return Stream.of(
                Named.of("seed Java client example", seedJavaClientExample()),
                Named.of("one event", new Message(1098, 101098, 7, 1535971460,
                        List.of(new Data(Data.Type.EVENT, 33, new Observation(1535971455, 724.0))))),
                Named.of("largest integers and doubles", new Message(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                        Long.MAX_VALUE, List.of(new Data(Data.Type.MEASUREMENT, Long.MAX_VALUE,
                                new Observation(Long.MAX_VALUE, Double.MAX_VALUE),
                                new Observation(0, -Double.MAX_VALUE),
                                new Observation(1, Double.MIN_VALUE),
                                new Observation(2, -0.0),
                                new Observation(3, 0.1 + 0.2))))),
                Named.of("zeroes", new Message(0, 0, 0, 0,
                        List.of(new Data(Data.Type.MEASUREMENT, 0, new Observation(0, 0))))),
                Named.of("100 observations", new Message(1, 2, 3, 4, List.of(hundred))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void modelSurvivesTheWireAndIsValid(Message original) throws MalformedJsonException {
        byte[] json = CODEC.toJson(original);

        assertEquals(List.of(), VALIDATOR.validate(JsonDocumentParser.DEFAULT.parse(json)));
        assertEquals(original, CODEC.fromJson(json));
    }

    @Test
    void batchSurvivesTheWireAndIsValid() throws MalformedJsonException {
        List<Message> batch = messages().map(Named::getPayload).toList();
        byte[] json = CODEC.toJson(batch);

        assertEquals(List.of(), VALIDATOR.validate(JsonDocumentParser.DEFAULT.parse(json)));
        assertEquals(batch, CODEC.batchFromJson(json));
    }

    @Test
    void wireFieldOrderIsProbeResourceMessageSentTimeData() {
        Message message = new Message(1098, 101098, 7, 1535971460,
                List.of(new Data(Data.Type.EVENT, 33, new Observation(1535971455, 724.0))));

        assertEquals("{\"probeId\":1098,\"resourceId\":101098,\"messageId\":7,\"sentTime\":1535971460,"
                        + "\"data\":[{\"type\":\"event\",\"descriptionId\":33,"
                        + "\"observations\":[{\"time\":1535971455,\"value\":724.0}]}]}",
                new String(CODEC.toJson(message), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} is \"{1}\"")
    @CsvSource({"MEASUREMENT, measurement", "EVENT, event"})
    void typeIsWrittenInLowerCase(Data.Type type, String wire) throws MalformedJsonException {
        Message message = new Message(1, 2, 3, 4, List.of(new Data(type, 5, new Observation(6, 7))));

        JsonNode tree = JsonDocumentParser.DEFAULT.parse(CODEC.toJson(message));

        assertEquals(wire, tree.at("/data/0/type").textValue());
    }

    /** What the seed's Java client sent, written again from the model: valid only under the full 64-bit profile (milliseconds). */
    @Test
    void seedJavaClientExampleIsValidOnlyUnderTheFull64BitProfile() throws MalformedJsonException {
        Message message = seedJavaClientExample();
        JsonNode wire = JsonDocumentParser.DEFAULT.parse(CODEC.toJson(message));

        assertEquals(List.of(), VALIDATOR.validate(wire));
        assertEquals(List.of("/data/0/observations/0/time", "/data/1/observations/0/time"),   // milliseconds
                MessageValidator.create().validate(wire).stream().map(Violation::pointer).toList());
        assertEquals(101098, message.getResourceId());
        assertEquals(List.of(Data.Type.EVENT, Data.Type.MEASUREMENT),
                message.getData().stream().map(Data::getType).toList());
    }

    static List<String> validCorpus() {
        return Corpus.documents(Corpus.VALID);
    }

    /** Every valid document, extra properties included, maps onto the model and back to a valid document. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validCorpus")
    void validCorpusDocumentsMapOntoTheModel(String file) throws MalformedJsonException {
        byte[] json = Corpus.read(Corpus.VALID, file);
        List<Message> messages = JsonDocumentParser.DEFAULT.parse(json).isArray()
                ? CODEC.batchFromJson(json) : List.of(CODEC.fromJson(json));

        for (Message message : messages) {
            byte[] again = CODEC.toJson(message);
            assertEquals(List.of(), VALIDATOR.validate(JsonDocumentParser.DEFAULT.parse(again)));
            assertEquals(message, CODEC.fromJson(again));
        }
    }

    @Test
    void unknownTypeDoesNotMapOntoTheModel() {
        byte[] json = "{\"data\":[{\"type\":\"Measurement\"}]}".getBytes(StandardCharsets.UTF_8);

        assertThrows(UncheckedIOException.class, () -> CODEC.fromJson(json));
    }

    @Test
    void listsAreCopiedNotShared() {
        List<Data> items = new ArrayList<>(List.of(new Data(Data.Type.EVENT, 1, new Observation(2, 3))));
        Message message = new Message(1, 2, 3, 4, items);

        items.clear();
        assertEquals(1, message.getData().size());

        message.setData(null);
        assertEquals(new Message(1, 2, 3, 4, List.of()), message);
    }

    /**
     * The message of the seed's "Probe Java Demo" as its client sent it; the demo's code itself runs against this
     * library in monitor-client's {@code SeedExample}.
     */
    private static Message seedJavaClientExample() {
        return CODEC.fromJson(Corpus.read(Corpus.FULL_64BIT_ONLY, "seed-java-client-example.json"));
    }
}
