package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.server.auth.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A directory laid out and updated as the kubelet does a mounted Kubernetes Secret: the files are symlinks
 * {@code name -> ..data/name}, {@code ..data} is a symlink to a timestamped directory holding the content, and an
 * update writes a new timestamped directory, points {@code ..data_tmp} at it and renames that over {@code ..data}
 * (one atomic swap for every file), then deletes the old directory.
 */
final class SecretVolume {

    private static final String DATA = "..data";

    private final Path directory;
    private final AtomicInteger version = new AtomicInteger();

    private SecretVolume(Path directory) {
        this.directory = directory;
    }

    /** @return a volume in {@code directory} holding {@code files} (name → content), owner-only */
    static SecretVolume create(Path directory, Map<String, byte[]> files) throws IOException {
        SecretVolume volume = new SecretVolume(Files.createDirectories(directory));
        Path content = volume.writeVersion(files);
        Files.createSymbolicLink(directory.resolve(DATA), content.getFileName());
        for (String name : files.keySet()) {
            Files.createSymbolicLink(directory.resolve(name), Path.of(DATA, name));
        }
        return volume;
    }

    /** @return the path a server reads, e.g. {@code /etc/tma/probes/probes.credentials} */
    Path file(String name) {
        return directory.resolve(name);
    }

    /** Replaces every file's content at once (the same names as at creation). */
    void update(Map<String, byte[]> files) throws IOException {
        Path old = directory.resolve(DATA).toRealPath();
        Path content = writeVersion(files);
        Path swap = directory.resolve("..data_tmp");
        Files.createSymbolicLink(swap, content.getFileName());
        Files.move(swap, directory.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> stale = Files.walk(old)) {
            stale.sorted(Comparator.reverseOrder()).forEach(SecretVolume::delete);
        }
    }

    private Path writeVersion(Map<String, byte[]> files) throws IOException {
        Path content = Files.createDirectory(directory.resolve("..2026_12_06_" + version.incrementAndGet()));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path written = Files.write(content.resolve(file.getKey()), file.getValue());
            Files.setPosixFilePermissions(written, FilePermissions.OWNER_ONLY);
        }
        return content;
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
