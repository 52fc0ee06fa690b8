package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A backlog on disk: append-only segment files {@code segment-<n>.log} of {@link SpoolRecords}, a
 * {@link SpoolCursor} and a {@code lock} file that keeps a second client (in any process) out.
 *
 * <p>{@link #store} writes the record to the current segment before returning, so an accepted message
 * survives the process being killed. Writes are forced to the device every {@code fsyncInterval}
 * (zero: on every write) and whenever a segment is closed. A segment is deleted once the cursor has
 * passed it. On opening, every segment is checked record by record from the cursor on: a tail cut
 * short by a crash is truncated, and new records always go to a new segment. Segments are accessed
 * through {@link RandomAccessFile} (see {@link SpoolRecords}) so that interrupted callers cannot close
 * them.
 */
final class SpoolBacklog extends Backlog {

    static final long DEFAULT_SEGMENT_BYTES = 4L << 20;

    private static final ClientLog LOG = ClientLog.of(SpoolBacklog.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{19})\\.log");

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean syncEveryWrite;
    private final FileChannel lockChannel;
    private final SpoolCursor cursor;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private static final long SYNCER_END_MILLIS = 1_000;

    private final ScheduledExecutorService syncer;

    private Segment writeSegment;
    private RandomAccessFile writer;
    private boolean unsynced;

    private long readSegment;
    private long readOffset;
    private long readerSegment = -1;
    private RandomAccessFile reader;

    private long pending;
    private int inFlight;
    private long availableBytes;
    private long diskBytes;
    private long highestMessageId;

    /** One segment file; {@code end} is the end of its valid records. */
    private static final class Segment {
        final long number;
        final Path path;
        long end;

        Segment(long number, Path path, long end) {
            this.number = number;
            this.path = path;
            this.end = end;
        }
    }

    /**
     * Opens (creating if needed) a spool directory and restores the message id floor from it.
     *
     * @throws IOException if the directory cannot be used or another client holds it
     */
    SpoolBacklog(Path directory, long maxBytes, long segmentBytes, Duration fsyncInterval,
                 OverflowPolicy overflowPolicy, long blockNanos, MessageIdSequence ids) throws IOException {
        super(overflowPolicy, blockNanos);
        this.directory = Files.createDirectories(directory);
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.syncEveryWrite = fsyncInterval.isZero();
        this.lockChannel = lockDirectory(directory);
        try {
            this.cursor = new SpoolCursor(directory.resolve("cursor"));
            recover();
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        ids.raiseFloor(highestMessageId);
        if (syncEveryWrite) {
            syncer = null;
        } else {
            syncer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("tma-monitor-spool-fsync"));
            long interval = fsyncInterval.toNanos();
            syncer.scheduleWithFixedDelay(this::syncIfNeeded, interval, interval, TimeUnit.NANOSECONDS);
        }
        if (pending > 0) {
            LOG.info("Spool {} holds {} undelivered messages from before; they are sent first", directory, pending);
        }
    }

    private static FileChannel lockDirectory(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return channel;
            }
        } catch (OverlappingFileLockException e) {
            LOG.debug("spool {} locked within this JVM", directory, e);
        }
        channel.close();
        throw new IOException("the spool directory " + directory + " is used by another client");
    }

    private void recover() throws IOException {
        SpoolCursor.Position start = cursor.load().orElse(new SpoolCursor.Position(-1, 0, 0));
        highestMessageId = start.highestMessageId;
        Map<Long, Path> files = listSegments();
        for (Map.Entry<Long, Path> file : files.entrySet()) {
            long number = file.getKey();
            if (number < start.segment) {
                Files.delete(file.getValue());
                continue;
            }
            long from = number == start.segment ? start.offset : 0L;
            segments.put(number, new Segment(number, file.getValue(), scan(file.getValue(), from)));
        }
        long next = segments.isEmpty() ? Math.max(0, start.segment + 1) : segments.lastKey() + 1;
        if (segments.isEmpty() || segments.firstKey() != start.segment) {
            readSegment = segments.isEmpty() ? next : segments.firstKey();
            readOffset = 0L;
        } else {
            readSegment = start.segment;
            readOffset = start.offset;
        }
        openWriteSegment(next);
    }

    private Map<Long, Path> listSegments() throws IOException {
        Map<Long, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.forEach(path -> {
                Matcher m = SEGMENT_NAME.matcher(path.getFileName().toString());
                if (m.matches()) {
                    files.put(Long.parseLong(m.group(1)), path);
                }
            });
        }
        return files;
    }

    /** Counts the valid records from {@code from}, truncates a damaged tail; @return the valid end */
    private long scan(Path path, long from) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            long size = file.length();
            long position = Math.min(from, size);
            QueuedMessage record;
            while ((record = SpoolRecords.read(file, position, size)) != null) {
                position += SpoolRecords.size(record);
                pending++;
                availableBytes += record.json().length;
                highestMessageId = Math.max(highestMessageId, record.messageId());
            }
            if (position < size) {
                LOG.warn("Spool segment {}: discarding {} bytes of an incomplete record (written when the process"
                        + " stopped)", path.getFileName(), size - position);
                file.setLength(position);
                file.getFD().sync();
            }
            diskBytes += position;
            return position;
        }
    }

    private void openWriteSegment(long number) throws IOException {
        Path path = Files.createFile(directory.resolve(String.format("segment-%019d.log", number)));
        writer = new RandomAccessFile(path.toFile(), "rw");
        writeSegment = new Segment(number, path, 0L);
        segments.put(number, writeSegment);
    }

    @Override
    boolean isDurable() {
        return true;
    }

    @Override
    boolean hasRoomFor(QueuedMessage message) {
        return diskBytes + SpoolRecords.size(message) <= maxBytes;
    }

    @Override
    long store(QueuedMessage message) throws IOException {
        int size = SpoolRecords.size(message);
        if (writeSegment.end > 0 && writeSegment.end + size > segmentBytes) {
            roll();
        }
        writer.seek(writeSegment.end);
        writer.write(SpoolRecords.encode(message));
        if (syncEveryWrite) {
            writer.getFD().sync();
        } else {
            unsynced = true;
        }
        writeSegment.end += size;
        diskBytes += size;
        availableBytes += message.json().length;
        highestMessageId = Math.max(highestMessageId, message.messageId());
        return ++pending;
    }

    private void roll() throws IOException {
        writer.getFD().sync();
        writer.close();
        unsynced = false;
        openWriteSegment(writeSegment.number + 1);
    }

    @Override
    int available() {
        return (int) Math.min(Integer.MAX_VALUE, pending - inFlight);
    }

    @Override
    long availableBytes() {
        return availableBytes;
    }

    @Override
    List<QueuedMessage> read(int maxCount, long maxBytes) throws IOException {
        List<QueuedMessage> batch = new ArrayList<>();
        long bytes = 0;
        while (batch.size() < maxCount) {
            Segment segment = segments.get(readSegment);
            if (readOffset >= segment.end) {
                if (segment == writeSegment) {
                    break;
                }
                readSegment = segments.higherKey(readSegment);
                readOffset = 0L;
                continue;
            }
            QueuedMessage message = SpoolRecords.read(readerFor(segment), readOffset, segment.end);
            if (message == null) {
                throw new IOException("spool segment " + segment.path + " is damaged at offset " + readOffset);
            }
            if (!batch.isEmpty() && bytes + message.json().length > maxBytes) {
                break;
            }
            batch.add(message);
            bytes += message.json().length;
            readOffset += SpoolRecords.size(message);
        }
        inFlight = batch.size();
        availableBytes -= bytes;
        return batch;
    }

    private RandomAccessFile readerFor(Segment segment) throws IOException {
        if (readerSegment != segment.number) {
            closeReader();
            reader = new RandomAccessFile(segment.path.toFile(), "r");
            readerSegment = segment.number;
        }
        return reader;
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
            readerSegment = -1;
        }
    }

    @Override
    void acknowledge() throws IOException {
        pending -= inFlight;
        inFlight = 0;
        cursor.store(new SpoolCursor.Position(readSegment, readOffset, highestMessageId));
        while (segments.firstKey() < readSegment) {
            Segment done = segments.pollFirstEntry().getValue();
            if (readerSegment == done.number) {
                closeReader();
            }
            Files.delete(done.path);
            diskBytes -= done.end;
        }
    }

    @Override
    long pending() {
        return pending;
    }

    private void syncIfNeeded() {
        RandomAccessFile toSync;
        Segment segment;
        lock.lock();
        try {
            if (!unsynced) {
                return;
            }
            unsynced = false;
            toSync = writer;
            segment = writeSegment;
        } finally {
            lock.unlock();
        }
        try {
            toSync.getFD().sync();
        } catch (IOException e) {
            if (stillWriting(segment)) {
                LOG.error("Cannot fsync the spool in {}", directory, e);
            }
        }
    }

    /** @return whether {@code segment} is still written to (a rolled one was synced when it was closed) */
    private boolean stillWriting(Segment segment) {
        lock.lock();
        try {
            return segment == writeSegment;
        } finally {
            lock.unlock();
        }
    }

    /** Waits briefly for the fsync thread to end, so that a stopped client leaves no thread behind. */
    private void awaitSyncerEnd() {
        try {
            if (!syncer.awaitTermination(SYNCER_END_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("The spool's fsync thread did not end within {} ms", SYNCER_END_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    @SuppressWarnings("try") // the resources are only closed here (Java 8: no try (field) form)
    void release() throws IOException {
        if (syncer != null) {
            syncer.shutdownNow();
            awaitSyncerEnd();
        }
        try (FileChannel lockFile = lockChannel; SpoolCursor cursorFile = cursor) {
            closeReader();
            writer.getFD().sync();
            writer.close();
        }
    }
}
