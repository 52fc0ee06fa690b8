package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory that holds a broker's or cluster's data: either one the caller chose, which is
 * kept, or a temporary one that belongs to the broker and is deleted when it is closed.
 */
final class DataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private final Path path;
    private final boolean temporary;

    private DataDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** {@code chosen} if not {@code null}, else a new temporary directory. */
    static DataDirectory of(Path chosen) {
        if (chosen != null) {
            return new DataDirectory(chosen.toAbsolutePath(), false);
        }
        try {
            return new DataDirectory(Files.createTempDirectory("embedded-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the directory and its content if it is a temporary one; keeps a chosen one. */
    void release() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(DataDirectory::delete);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete temporary Kafka data directory {}", path, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
