package eu.atmosphere.tmaf.monitor.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Joins already-encoded messages into one JSON array request body, optionally gzip-compressed. */
final class BatchBody {

    private BatchBody() {
    }

    static byte[] encode(List<QueuedMessage> messages, boolean gzip) {
        int size = 2 + messages.size();
        for (QueuedMessage m : messages) {
            size += m.json().length;
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream(size);
        json.write('[');
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                json.write(',');
            }
            byte[] message = messages.get(i).json();
            json.write(message, 0, message.length);
        }
        json.write(']');
        return gzip ? gzip(json) : json.toByteArray();
    }

    private static byte[] gzip(ByteArrayOutputStream json) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(json.size() / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed, 8192)) {
            json.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory gzip cannot fail", e);
        }
        return compressed.toByteArray();
    }
}
