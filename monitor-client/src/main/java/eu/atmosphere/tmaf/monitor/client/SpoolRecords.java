package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The record format of spool segments: a 16-byte header (JSON length {@code int}, CRC-32C of id and
 * JSON {@code int}, message id {@code long}, all big-endian) followed by the message's JSON. A record
 * cut short by a crash, or with a wrong checksum, reads as the end of the segment.
 */
final class SpoolRecords {

    static final int HEADER_BYTES = 16;
    static final int MAX_JSON_BYTES = 64 << 20;

    private SpoolRecords() {
    }

    static int size(QueuedMessage message) {
        return HEADER_BYTES + message.json().length;
    }

    static ByteBuffer encode(QueuedMessage message) {
        byte[] json = message.json();
        return ByteBuffer.allocate(HEADER_BYTES + json.length)
                .putInt(json.length)
                .putInt(checksum(message.messageId(), json))
                .putLong(message.messageId())
                .put(json)
                .flip();
    }

    /**
     * @param limit end of the readable region of the file
     * @return the record at {@code position}, or {@code null} if no complete, valid record starts there
     */
    static QueuedMessage read(FileChannel channel, long position, long limit) throws IOException {
        if (limit - position < HEADER_BYTES) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        if (!readFully(channel, header, position)) {
            return null;
        }
        int length = header.getInt(0);
        int checksum = header.getInt(4);
        long messageId = header.getLong(8);
        if (length <= 0 || length > MAX_JSON_BYTES || limit - position - HEADER_BYTES < length) {
            return null;
        }
        ByteBuffer json = ByteBuffer.allocate(length);
        if (!readFully(channel, json, position + HEADER_BYTES) || checksum(messageId, json.array()) != checksum) {
            return null;
        }
        return new QueuedMessage(messageId, json.array());
    }

    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int checksum(long messageId, byte[] json) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(messageId).flip());
        crc.update(json);
        return (int) crc.getValue();
    }
}
