package eu.atmosphere.tmaf.monitor.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private file the server reads at start and again whenever its content changes (see {@link FileChangeWatch}):
 * the value parsed from it, replaced only by a newer content that parses. A content that cannot be used (malformed,
 * unreadable, readable by every user) is logged once and the value loaded before stays in force. Thread-safe.
 *
 * <pre>{@code
 * ReloadableFile<ProbeCredentials> probes = ReloadableFile.load(file, "credentials file",
 *         text -> ProbeCredentials.parse(text, file.toString()));
 * ProbeCredentials previous = probes.reloadIfChanged();   // null unless a new content is in force now
 * }</pre>
 *
 * @param <T> what the file holds
 */
final class ReloadableFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableFile.class);

    private final Path file;
    private final String what;
    private final Function<String, T> parser;
    private volatile T value;
    private volatile byte[] digest;
    private volatile String problem;

    private ReloadableFile(Path file, String what, Function<String, T> parser) {
        this.file = file;
        this.what = what;
        this.parser = parser;
    }

    /**
     * @param file   the file
     * @param what   what it is, for messages, e.g. {@code "credentials file"}
     * @param parser its content (UTF-8) to the value; throws a {@link RuntimeException} saying what is wrong
     * @return the file, loaded
     * @throws IllegalStateException if every user may read it, or the parser refuses it
     * @throws UncheckedIOException  if it cannot be read
     */
    static <T> ReloadableFile<T> load(Path file, String what, Function<String, T> parser) {
        ReloadableFile<T> loaded = new ReloadableFile<>(file, what, parser);
        byte[] content = loaded.read();
        loaded.value = parser.apply(new String(content, StandardCharsets.UTF_8));
        loaded.digest = sha256(content);
        return loaded;
    }

    /** @return the value in force */
    T value() {
        return value;
    }

    /** @return the file */
    Path file() {
        return file;
    }

    /** @return why its newest content cannot be used (the value loaded before is in force), or empty */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Reads the file again; never throws.
     *
     * @return the value that was in force if a changed content is now, else {@code null}
     */
    synchronized T reloadIfChanged() {
        try {
            byte[] content = read();
            byte[] newDigest = sha256(content);
            if (Arrays.equals(newDigest, digest)) {
                problem = null;
                return null;
            }
            T fresh = parser.apply(new String(content, StandardCharsets.UTF_8));
            T previous = value;
            value = fresh;
            digest = newDigest;
            problem = null;
            return previous;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!why.equals(problem)) {
                LOG.error("the {} {} changed but cannot be used; keeping what was loaded before: {}", what, file, why);
                problem = why;
            }
            return null;
        }
    }

    private byte[] read() {
        FilePermissions.requireNotWorldReadable(file, what);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " " + file + ": " + e, e);
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
