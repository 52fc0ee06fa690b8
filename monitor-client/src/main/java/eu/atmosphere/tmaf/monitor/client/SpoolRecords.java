package eu.atmosphere.tmaf.monitor.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The record format of spool segments: a 16-byte header (JSON length {@code int}, CRC-32 of id and
 * JSON {@code int}, message id {@code long}, all big-endian) followed by the message's JSON. A record
 * cut short by a crash, or with a wrong checksum, reads as the end of the segment.
 *
 * <p>Files are accessed through {@link RandomAccessFile}, not {@code FileChannel}: interrupting a
 * thread that uses a {@code FileChannel} closes the channel, and callers' threads get interrupted.
 */
final class SpoolRecords {

    static final int HEADER_BYTES = 16;
    static final int MAX_JSON_BYTES = 64 << 20;

    private SpoolRecords() {
    }

    static int size(QueuedMessage message) {
        return HEADER_BYTES + message.json().length;
    }

    static byte[] encode(QueuedMessage message) {
        byte[] json = message.json();
        return ByteBuffer.allocate(HEADER_BYTES + json.length)
                .putInt(json.length)
                .putInt(checksum(message.messageId(), json))
                .putLong(message.messageId())
                .put(json)
                .array();
    }

    /**
     * @param limit end of the readable region of the file
     * @return the record at {@code position}, or {@code null} if no complete, valid record starts there
     */
    static QueuedMessage read(RandomAccessFile file, long position, long limit) throws IOException {
        if (limit - position < HEADER_BYTES) {
            return null;
        }
        byte[] header = new byte[HEADER_BYTES];
        if (!readFully(file, header, position)) {
            return null;
        }
        ByteBuffer fields = ByteBuffer.wrap(header);
        int length = fields.getInt(0);
        int checksum = fields.getInt(4);
        long messageId = fields.getLong(8);
        if (length <= 0 || length > MAX_JSON_BYTES || limit - position - HEADER_BYTES < length) {
            return null;
        }
        byte[] json = new byte[length];
        if (!readFully(file, json, position + HEADER_BYTES) || checksum(messageId, json) != checksum) {
            return null;
        }
        return new QueuedMessage(messageId, json);
    }

    private static boolean readFully(RandomAccessFile file, byte[] buffer, long position) throws IOException {
        file.seek(position);
        try {
            file.readFully(buffer);
            return true;
        } catch (EOFException e) {
            return false;
        }
    }

    private static int checksum(long messageId, byte[] json) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(messageId).array());
        crc.update(json);
        return (int) crc.getValue();
    }
}
