package eu.atmosphere.tmaf.monitor.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The probes allowed to publish: probe id → salted slow hash of its secret. Immutable; the
 * {@code with...} methods return copies. Stored as a text file, one probe per line:
 *
 * <pre>
 * # comment
 * 1098 2025-01-31T12:00:00Z $pbkdf2-sha256$i=600000,l=32$&lt;salt&gt;$&lt;hash&gt;
 * </pre>
 *
 * (probe id, creation time, PHC hash; see {@link SecretHashes}). The file never holds a secret,
 * but is still refused when every user may read it (offline guessing of weak secrets).
 *
 * <pre>{@code
 * ProbeCredentials probes = ProbeCredentials.read(Path.of("probes.credentials"));
 * probes.with(1098, SecretHashes.hash(secret, SecretHashes.DEFAULT_ITERATIONS), Instant.now())
 *       .write(Path.of("probes.credentials"));
 * }</pre>
 */
public final class ProbeCredentials {

    /**
     * One probe.
     *
     * @param probeId     the probe id messages must carry
     * @param created     when the secret was set
     * @param hash        the PHC string of the secret
     * @param fingerprint short digest of the hash: changes whenever the secret does (tokens and
     *                    cached verifications carry it, so a new secret revokes them)
     */
    public record Entry(long probeId, Instant created, String hash, String fingerprint) {
        @Override
        public String toString() {
            return "Entry{probeId=" + probeId + ", created=" + created + ", " + SecretHashes.parameters(hash) + "}";
        }
    }

    private static final String HEADER = """
            # TMA Monitor probe credentials: probe id, creation time, salted slow hash of the secret.
            # Managed with `monitor-server probes add|remove|list`. Holds no secret, but keep it private (mode 0600).
            """;
    private static final Pattern FIELDS = Pattern.compile("\\s+");

    private final Map<Long, Entry> entries;

    private ProbeCredentials(Map<Long, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** @return no probes */
    public static ProbeCredentials empty() {
        return new ProbeCredentials(new TreeMap<>());
    }

    /**
     * @param file the credentials file
     * @return its probes
     * @throws IllegalStateException if every user may read the file, or a line is malformed
     * @throws UncheckedIOException  if it cannot be read
     */
    public static ProbeCredentials read(Path file) {
        FilePermissions.requireNotWorldReadable(file, "credentials file");
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials file " + file, e);
        }
    }

    /**
     * @param text   the file's content
     * @param source where it came from, for messages
     * @return its probes
     * @throws IllegalStateException naming the line of the first problem
     */
    public static ProbeCredentials parse(String text, String source) {
        Map<Long, Entry> entries = new TreeMap<>();
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = FIELDS.split(trimmed);
            String where = source + " line " + number;
            if (fields.length != 3) {
                throw new IllegalStateException(where + ": expected `probeId created hash`, found "
                        + fields.length + " fields");
            }
            long probeId = parseProbeId(fields[0], where);
            Instant created;
            try {
                created = Instant.parse(fields[1]);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(where + ": the creation time is not an ISO-8601 instant");
            }
            try {
                SecretHashes.parameters(fields[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage());
            }
            if (entries.put(probeId, entry(probeId, created, fields[2])) != null) {
                throw new IllegalStateException(where + ": probe " + probeId + " appears twice");
            }
        }
        return new ProbeCredentials(entries);
    }

    /**
     * @param text a probe id as typed
     * @param where context for the message
     * @return the probe id
     * @throws IllegalStateException unless it is a canonical non-negative 64-bit integer
     */
    public static long parseProbeId(String text, String where) {
        if (!isCanonicalProbeId(text)) {
            throw new IllegalStateException(where + ": a probe id is a non-negative integer without leading zeros");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": the probe id exceeds the 64-bit range");
        }
    }

    /** {@code 0|[1-9][0-9]{0,18}} without a regular expression: HTTP Basic parses the user name on every request. */
    private static boolean isCanonicalProbeId(String text) {
        int length = text.length();
        if (length == 0 || length > 19 || length > 1 && text.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** @param probeId a probe @return its entry, if registered */
    public Optional<Entry> find(long probeId) {
        return Optional.ofNullable(entries.get(probeId));
    }

    /** @return every probe, by id */
    public Collection<Entry> entries() {
        return entries.values();
    }

    /** @return the registered probe ids */
    public Set<Long> probeIds() {
        return entries.keySet();
    }

    /** @return how many probes are registered */
    public int size() {
        return entries.size();
    }

    /**
     * @param probeId the probe
     * @param hash    its secret's PHC hash
     * @param created when the secret was set
     * @return a copy with the probe added or replaced
     */
    public ProbeCredentials with(long probeId, String hash, Instant created) {
        SecretHashes.parameters(hash);
        Map<Long, Entry> copy = new TreeMap<>(entries);
        copy.put(probeId, entry(probeId, created.truncatedTo(ChronoUnit.SECONDS), hash));
        return new ProbeCredentials(copy);
    }

    /** @param probeId the probe @return a copy without it */
    public ProbeCredentials without(long probeId) {
        Map<Long, Entry> copy = new TreeMap<>(entries);
        copy.remove(probeId);
        return new ProbeCredentials(copy);
    }

    /** @return the file content */
    public String format() {
        StringBuilder text = new StringBuilder(HEADER);
        for (Entry entry : entries.values()) {
            text.append(entry.probeId()).append(' ').append(entry.created()).append(' ').append(entry.hash())
                    .append('\n');
        }
        return text.toString();
    }

    /**
     * Replaces the file atomically (write a sibling, then rename). A new file is readable by its
     * owner only; an existing file keeps its permissions unless every user could read it.
     *
     * @param file the credentials file
     * @throws UncheckedIOException if it cannot be written
     */
    public void write(Path file) {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        try {
            Files.createDirectories(directory);
            Set<PosixFilePermission> permissions = FilePermissions.OWNER_ONLY;
            boolean posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
            if (posix && Files.exists(absolute)) {
                permissions = Files.getPosixFilePermissions(absolute);
                permissions.remove(PosixFilePermission.OTHERS_READ);
                permissions.remove(PosixFilePermission.OTHERS_WRITE);
                permissions.remove(PosixFilePermission.OTHERS_EXECUTE);
            }
            Path temporary = posix
                    ? Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp",
                            PosixFilePermissions.asFileAttribute(FilePermissions.OWNER_ONLY))
                    : Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(StandardCharsets.UTF_8.encode(format()));
                    channel.force(true);
                }
                if (posix) {
                    Files.setPosixFilePermissions(temporary, permissions);
                }
                try {
                    Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credentials file " + file, e);
        }
    }

    private static Entry entry(long probeId, Instant created, String hash) {
        return new Entry(probeId, created, hash, fingerprint(hash));
    }

    private static String fingerprint(String hash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
