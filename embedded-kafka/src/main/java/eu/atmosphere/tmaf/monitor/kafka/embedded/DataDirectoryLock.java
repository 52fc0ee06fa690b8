package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a Kafka data directory: an operating-system lock on the file
 * {@value #FILE_NAME} in it, which holds the owner's process id. Taken before anything in the
 * directory is read or written, so a second process pointed at a directory in use is refused
 * without disturbing the first; released by {@link #close()} or when the process ends, however
 * it ends.
 *
 * <pre>{@code
 * try (DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of("data/kafka"))) {
 *     ... use the directory ...
 * } // DataDirectoryInUseException: "Kafka data directory /abs/data/kafka is in use by process 4711"
 * }</pre>
 */
public final class DataDirectoryLock implements AutoCloseable {

    /** The lock file's name inside the data directory. */
    public static final String FILE_NAME = ".tma-monitor.lock";

    /**
     * Directories locked by this JVM: checked before any file is opened, because closing a second channel
     * on a locked file would drop the operating-system lock that the first one holds (POSIX locks are per
     * process), though the JVM would still think it held.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    /** Held on the lock file's channel ({@link FileLock#channel()}), which closing releases too. */
    private final FileLock lock;

    private DataDirectoryLock(Path directory, FileLock lock) {
        this.directory = directory;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and takes its lock.
     *
     * @param directory the data directory
     * @return the lock, held until closed
     * @throws DataDirectoryInUseException if another process or broker holds it
     * @throws UncheckedIOException        if the directory or the lock file cannot be created
     */
    public static DataDirectoryLock acquire(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!HELD_HERE.add(absolute)) {
            throw new DataDirectoryInUseException(absolute, OptionalLong.of(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(absolute);
            channel = FileChannel.open(absolute.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                OptionalLong holder = readHolder(channel);
                closeQuietly(channel);
                HELD_HERE.remove(absolute);
                throw new DataDirectoryInUseException(absolute, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataDirectoryLock(absolute, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_HERE.remove(absolute);
            throw new UncheckedIOException("cannot lock Kafka data directory " + absolute, e);
        }
    }

    /**
     * Looks, without creating or changing anything, whether the directory is in use.
     *
     * @param directory the data directory
     * @throws DataDirectoryInUseException if another process or broker holds it
     * @throws UncheckedIOException        if an existing lock file cannot be opened
     */
    public static void checkFree(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (HELD_HERE.contains(absolute)) {
            throw new DataDirectoryInUseException(absolute, OptionalLong.of(ProcessHandle.current().pid()));
        }
        Path file = absolute.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new DataDirectoryInUseException(absolute, readHolder(channel));
            }
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the lock of Kafka data directory " + absolute, e);
        }
    }

    /** Releases the lock; the file stays (it is harmless and tells who held it last). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(lock.channel());
            HELD_HERE.remove(directory);
        }
    }

    /** @return the lock, or null if another process holds it */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        return channel.tryLock();
    }

    private static OptionalLong readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
