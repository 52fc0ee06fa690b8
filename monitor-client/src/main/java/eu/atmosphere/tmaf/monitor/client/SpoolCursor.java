package eu.atmosphere.tmaf.monitor.client;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The spool's read position, persisted after every settled batch: segment number, offset in it and
 * the highest message id ever spooled, followed by a CRC-32. It is overwritten in place and not
 * forced to disk: a cursor lost to a machine crash only makes batches be sent again (consumers drop
 * the duplicates by probe and message id).
 */
final class SpoolCursor implements Closeable {

    private static final int BYTES = 3 * Long.BYTES + Integer.BYTES;

    private final RandomAccessFile file;

    /** A stored position. */
    static final class Position {

        /** The segment to read next. */
        final long segment;
        /** The offset in it. */
        final long offset;
        /** The highest message id ever written to the spool. */
        final long highestMessageId;

        Position(long segment, long offset, long highestMessageId) {
            this.segment = segment;
            this.offset = offset;
            this.highestMessageId = highestMessageId;
        }
    }

    SpoolCursor(Path file) throws IOException {
        this.file = new RandomAccessFile(file.toFile(), "rw");
    }

    /** @return the stored position; empty if none was stored or it is damaged */
    Optional<Position> load() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES);
        file.seek(0);
        try {
            file.readFully(buffer.array());
        } catch (EOFException e) {
            return Optional.empty();
        }
        if (checksum(buffer) != buffer.getInt(3 * Long.BYTES)) {
            return Optional.empty();
        }
        return Optional.of(new Position(buffer.getLong(0), buffer.getLong(Long.BYTES), buffer.getLong(2 * Long.BYTES)));
    }

    void store(Position position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES)
                .putLong(position.segment)
                .putLong(position.offset)
                .putLong(position.highestMessageId);
        buffer.putInt(checksum(buffer));
        file.seek(0);
        file.write(buffer.array());
    }

    private static int checksum(ByteBuffer buffer) {
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, 3 * Long.BYTES);
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
