package eu.atmosphere.tmaf.monitor.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Converts messages to and from their wire JSON (field order as in the tma-m v0.4 examples).
 * Thread-safe; share one instance.
 *
 * <pre>{@code
 * byte[] one = MessageCodec.INSTANCE.toJson(message);
 * byte[] batch = MessageCodec.INSTANCE.toJson(Arrays.asList(m1, m2));   // a JSON array
 * Message back = MessageCodec.INSTANCE.fromJson(one);
 * }</pre>
 */
public final class MessageCodec {

    /** The shared codec. */
    public static final MessageCodec INSTANCE = new MessageCodec();

    private final ObjectWriter messageWriter;
    private final ObjectWriter batchWriter;
    private final ObjectReader messageReader;
    private final ObjectReader batchReader;

    private MessageCodec() {
        // unknown properties are tolerated on the wire (forward compatibility), so here too
        ObjectMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        messageWriter = mapper.writerFor(Message.class);
        batchWriter = mapper.writerFor(mapper.getTypeFactory().constructCollectionType(List.class, Message.class));
        messageReader = mapper.readerFor(Message.class);
        batchReader = mapper.readerForListOf(Message.class);
    }

    /**
     * @param message a message
     * @return its wire JSON, UTF-8
     */
    public byte[] toJson(Message message) {
        try {
            return messageWriter.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message model always serialises", e);
        }
    }

    /**
     * @param messages messages
     * @return a JSON array of their wire JSON, UTF-8
     */
    public byte[] toJson(List<Message> messages) {
        try {
            return batchWriter.writeValueAsBytes(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message model always serialises", e);
        }
    }

    /**
     * @param json one message as JSON, UTF-8
     * @return the message
     * @throws UncheckedIOException if the JSON does not map onto a message
     */
    public Message fromJson(byte[] json) {
        try {
            return messageReader.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param json a JSON array of messages, UTF-8
     * @return the messages
     * @throws UncheckedIOException if the JSON does not map onto messages
     */
    public List<Message> batchFromJson(byte[] json) {
        try {
            return batchReader.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
