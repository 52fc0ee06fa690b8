package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.server.auth.FilePermissions;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The secret files a server with credentials reads, written into a test's directory: {@code probes.credentials}
 * and {@code token.key} (owner-only, as the server requires of a key file); and the Basic credentials a probe
 * sends with a secret written there.
 *
 * <pre>{@code
 * Path credentials = SecretFiles.credentials(directory, Map.of(1098L, "pass", 7L, "seven-secret"));
 * Path keyFile = SecretFiles.tokenKey(directory, SecretFiles.TOKEN_KEY);
 * server = MonitorServer.start(ServerConfig.builder()...credentialsFile(credentials).tokenKeyFile(keyFile).build());
 * request.header("Authorization", SecretFiles.basic(1098, "pass"));
 * }</pre>
 */
final class SecretFiles {

    /** A token key for tests, to write with {@link #tokenKey} and to issue tokens of its own with; never changed. */
    static final byte[] TOKEN_KEY = "test token key: 0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private SecretFiles() {
    }

    /**
     * @param secrets each probe's secret, hashed with {@link SecretHashes#MIN_ITERATIONS} (fast, and accepted)
     * @return the written {@code probes.credentials} in {@code directory}
     */
    static Path credentials(Path directory, Map<Long, String> secrets) {
        return credentials(directory, secrets, SecretHashes.MIN_ITERATIONS);
    }

    /**
     * @param secrets    each probe's secret
     * @param iterations the hash's PBKDF2 iterations
     * @return the written {@code probes.credentials} in {@code directory}
     */
    static Path credentials(Path directory, Map<Long, String> secrets, int iterations) {
        ProbeCredentials credentials = ProbeCredentials.empty();
        for (Map.Entry<Long, String> probe : secrets.entrySet()) {
            credentials = credentials.with(probe.getKey(),
                    SecretHashes.hash(probe.getValue().getBytes(StandardCharsets.UTF_8), iterations), Instant.now());
        }
        Path file = directory.resolve("probes.credentials");
        credentials.write(file);
        return file;
    }

    /** @return the written {@code token.key} in {@code directory}, readable by its owner only */
    static Path tokenKey(Path directory, byte[] key) throws IOException {
        Path file = Files.write(directory.resolve("token.key"), key);
        Files.setPosixFilePermissions(file, FilePermissions.OWNER_ONLY);
        return file;
    }

    /** @return the {@code Authorization} header of HTTP Basic with the probe's id and secret */
    static String basic(long probeId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((probeId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
