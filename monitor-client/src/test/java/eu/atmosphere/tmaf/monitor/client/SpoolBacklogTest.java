package eu.atmosphere.tmaf.monitor.client;

import static eu.atmosphere.tmaf.monitor.client.MemoryBacklogTest.ids;
import static eu.atmosphere.tmaf.monitor.client.MemoryBacklogTest.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolBacklogTest {

    @TempDir
    Path dir;

    private final MessageIdSequence ids = new MessageIdSequence(() -> 0L);

    private SpoolBacklog open(long maxBytes, long segmentBytes) throws IOException {
        return new SpoolBacklog(dir, maxBytes, segmentBytes, Duration.ofMillis(50), OverflowPolicy.DROP_NEWEST, 0, ids);
    }

    private SpoolBacklog open() throws IOException {
        return open(1 << 20, 256);
    }

    @Test
    void keepsUndeliveredMessagesAcrossReopening() throws Exception {
        try (SpoolBacklog spool = open()) {
            for (long i = 1; i <= 10; i++) {
                assertEquals(i, spool.offer(message(i)));
            }
            assertEquals(List.of(1L, 2L, 3L), ids(spool.take(3, Long.MAX_VALUE, 0)));
            spool.commit();
            assertEquals(List.of(4L, 5L), ids(spool.take(2, Long.MAX_VALUE, 0)));   // taken, never committed
            assertEquals(7, spool.waiting());
            assertEquals(7, spool.spooled());
        }
        try (SpoolBacklog spool = open()) {
            assertEquals(7, spool.waiting());
            List<QueuedMessage> rest = spool.take(100, Long.MAX_VALUE, 0);
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L), ids(rest));
            assertArrayEquals(message(4).json(), rest.get(0).json());
            spool.offer(message(11));
            spool.commit();
            assertEquals(List.of(11L), ids(spool.take(100, Long.MAX_VALUE, 0)));
            spool.commit();
            assertEquals(0, spool.waiting());
        }
        try (SpoolBacklog spool = open()) {
            assertEquals(0, spool.waiting());
        }
    }

    @Test
    void rollsSegmentsAndDeletesThemOnceDelivered() throws Exception {
        try (SpoolBacklog spool = open()) {
            for (long i = 0; i < 50; i++) {
                spool.offer(message(i));   // ~32 bytes a record, 256-byte segments
            }
            assertTrue(segments().size() > 5, segments().toString());
            List<Long> delivered = new ArrayList<>();
            List<QueuedMessage> batch;
            spool.drain();
            while (!(batch = spool.take(7, Long.MAX_VALUE, 0)).isEmpty()) {
                delivered.addAll(ids(batch));
                spool.commit();
            }
            assertEquals(LongStream.range(0, 50).boxed().toList(), delivered);
            assertEquals(1, segments().size(), "only the segment being written remains");
        }
    }

    /** @return the one segment of a closed spool holding messages 1 to {@code count} */
    private Path spooledSegment(long count) throws IOException {
        try (SpoolBacklog spool = open(1 << 20, 1 << 20)) {
            for (long i = 1; i <= count; i++) {
                spool.offer(message(i));
            }
        }
        return segments().get(0);
    }

    @Test
    void aRecordCutShortByACrashIsDiscardedAndTheRestSurvives() throws Exception {
        Path segment = spooledSegment(5);
        byte[] record = SpoolRecords.encode(message(6));
        Files.write(segment, Arrays.copyOf(record, record.length - 3), StandardOpenOption.APPEND);   // died mid-write
        long tornSize = Files.size(segment);
        try (SpoolBacklog spool = open(1 << 20, 1 << 20)) {
            assertEquals(5, spool.waiting());
            assertTrue(Files.size(segment) < tornSize, "tail truncated");
            spool.offer(message(7));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 7L), ids(spool.take(100, Long.MAX_VALUE, 0)));
        }
    }

    @Test
    void aCorruptedRecordEndsTheSegment() throws Exception {
        Path segment = spooledSegment(3);
        int recordSize = SpoolRecords.size(message(1));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), recordSize + SpoolRecords.HEADER_BYTES + 2);
        }
        try (SpoolBacklog spool = open(1 << 20, 1 << 20)) {
            assertEquals(List.of(1L), ids(spool.take(100, Long.MAX_VALUE, 0)));
        }
    }

    @Test
    void aDamagedCursorMeansSendingAgainFromTheOldestSegment() throws Exception {
        try (SpoolBacklog spool = open(1 << 20, 1 << 20)) {
            spool.offer(message(1));
            spool.offer(message(2));
            spool.take(1, Long.MAX_VALUE, 0);
            spool.commit();
        }
        Files.write(dir.resolve("cursor"), new byte[] {1, 2, 3});
        try (SpoolBacklog spool = open(1 << 20, 1 << 20)) {
            assertEquals(List.of(1L, 2L), ids(spool.take(100, Long.MAX_VALUE, 0)), "at least once");
        }
    }

    @Test
    void restoresTheHighestMessageIdEvenAfterEverythingWasDelivered() throws Exception {
        try (SpoolBacklog spool = open()) {
            spool.offer(message(1_000_000));
            spool.take(1, Long.MAX_VALUE, 0);
            spool.commit();
        }
        MessageIdSequence restarted = new MessageIdSequence(() -> 5L);
        try (SpoolBacklog spool = new SpoolBacklog(dir, 1 << 20, 256, Duration.ZERO, OverflowPolicy.DROP_NEWEST, 0,
                restarted)) {
            assertEquals(1_000_001L, restarted.next());
        }
    }

    @Test
    void refusesBeyondItsSizeLimitUntilSpaceIsFreed() throws Exception {
        int record = SpoolRecords.size(message(10));
        try (SpoolBacklog spool = open(3L * record, record)) {
            assertEquals(1, spool.offer(message(10)));
            assertEquals(2, spool.offer(message(11)));
            assertEquals(3, spool.offer(message(12)));
            assertEquals(Backlog.REFUSED, spool.offer(message(13)));
            spool.take(2, Long.MAX_VALUE, 0);
            spool.commit();
            assertEquals(2, spool.offer(message(14)));
        }
    }

    @Test
    void anInterruptedCallerDoesNotBreakTheSpool() throws Exception {
        try (SpoolBacklog spool = open()) {
            Thread.currentThread().interrupt();
            try {
                assertEquals(1, spool.offer(message(1)));
            } finally {
                Thread.interrupted();
            }
            assertEquals(2, spool.offer(message(2)));
            Thread.currentThread().interrupt();
            try {
                assertEquals(List.of(1L, 2L), ids(spool.take(10, Long.MAX_VALUE, 0)));
            } finally {
                Thread.interrupted();
            }
            spool.commit();
            assertEquals(1, spool.offer(message(3)));
        }
    }

    @Test
    void oneClientPerDirectory() throws Exception {
        try (SpoolBacklog spool = open()) {
            assertThrows(IOException.class, this::open);
        }
        open().close();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }
}
