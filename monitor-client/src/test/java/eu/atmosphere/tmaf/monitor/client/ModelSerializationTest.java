package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Java serialization reads what the original library ({@code java-client-lib} 0.2) wrote and the other way
 * round: a class's stream descriptor (name, {@code serialVersionUID}, field names and types) is all that
 * serialization compares, and each one here equals the original's (values read from its sources).
 */
class ModelSerializationTest {

    @Test
    void theStreamDescriptorsAreTheOriginalLibrarys() {
        assertDescriptor(Message.class, -3266346137732950545L,
                "data:Ljava/util/List;", "messageId:J", "probeId:J", "resourceId:J", "sentTime:J");
        assertDescriptor(Data.class, -2216070550858223535L,
                "descriptionId:J", "observations:Ljava/util/List;",
                "type:Leu/atmosphere/tmaf/monitor/message/Data$Type;");
        assertDescriptor(Observation.class, -8996252602629896220L, "time:J", "value:D");
        assertEquals(List.of("MEASUREMENT", "EVENT"), Arrays.stream(Data.Type.values()).map(Enum::name).toList(),
                "enum constants are serialized by name");
    }

    @Test
    void aMessageSurvivesSerialization() throws IOException, ClassNotFoundException {
        Message message = new Message(1098, 101098, 42, 1_700_000_000L, List.of(
                new Data(Data.Type.EVENT, 33, new Observation(1_700_000_000L, 724.0))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(message, in.readObject());
        }
    }

    private static void assertDescriptor(Class<?> type, long serialVersionUid, String... fields) {
        ObjectStreamClass descriptor = ObjectStreamClass.lookup(type);
        assertEquals(serialVersionUid, descriptor.getSerialVersionUID(), type.getName());
        assertEquals(List.of(fields).stream().sorted().toList(), Arrays.stream(descriptor.getFields())
                .map(ModelSerializationTest::describe).sorted().collect(Collectors.toList()), type.getName());
    }

    private static String describe(ObjectStreamField field) {
        return field.getName() + ":" + (field.isPrimitive() ? String.valueOf(field.getTypeCode()) : field.getTypeString());
    }
}
