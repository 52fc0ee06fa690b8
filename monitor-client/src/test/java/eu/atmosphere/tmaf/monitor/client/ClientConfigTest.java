package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {

    @Test
    void withoutEnvironmentTalksToLocalhostAnonymouslyFromMemory() {
        ClientConfig config = ClientConfig.builder(Map.of()).build();
        assertEquals("http://127.0.0.1:32025/monitor", config.endpoint().monitor().toString());
        assertEquals(ClientConfig.NO_PROBE, config.probeId());
        assertNull(config.secret());
        assertNull(config.caFile());
        assertNull(config.spoolDirectory());
        assertFalse(config.insecureTrustAll());
        assertEquals(OverflowPolicy.DROP_NEWEST, config.overflowPolicy());
        assertEquals(Duration.ofSeconds(60), config.authRetryWindow());
    }

    @Test
    void readsEveryVariable(@TempDir Path dir) {
        ClientConfig config = ClientConfig.builder(Map.of(
                "TMA_MONITOR_URL", "https://monitor.example:32025/monitor",
                "TMA_PROBE_ID", "1098",
                "TMA_PROBE_SECRET", "pass",
                "TMA_CA_FILE", dir.resolve("ca.pem").toString(),
                "TMA_SPOOL_DIR", dir.resolve("spool").toString(),
                "TMA_AUTH_RETRY_WINDOW_SECONDS", "180")).build();
        assertEquals("https://monitor.example:32025", config.endpoint().base().toString());
        assertEquals(1098, config.probeId());
        assertArrayEquals("pass".getBytes(StandardCharsets.UTF_8), config.secret());
        assertEquals(dir.resolve("ca.pem"), config.caFile());
        assertEquals(dir.resolve("spool"), config.spoolDirectory());
        assertEquals(Duration.ofMinutes(3), config.authRetryWindow());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder(Map.of(
                "TMA_AUTH_RETRY_WINDOW_SECONDS", "a minute")));
    }

    @Test
    void readsTheSecretFromAFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "s3cret\n");
        ClientConfig config = ClientConfig.builder(Map.of("TMA_PROBE_ID", "7",
                "TMA_PROBE_SECRET_FILE", file.toString())).build();
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), config.secret());
    }

    @Test
    void theBuilderReadsASecretFileWithoutItsTrailingLineBreak(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "s3cret\r\n");
        ClientConfig config = ClientConfig.builder(Map.of()).credentials(9, file).build();
        assertEquals(9, config.probeId());
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), config.secret());
    }

    @Test
    void builderOverridesTheEnvironmentAndValidates() {
        ClientConfig.Builder builder = ClientConfig.builder(Map.of("TMA_MONITOR_URL", "http://a:1"))
                .endpoint("http://b:2").credentials(5, new byte[] {1, 2});
        assertEquals("http://b:2", builder.build().endpoint().base().toString());
        assertThrows(IllegalArgumentException.class, () -> builder.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> builder.linger(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.endpoint("monitor:32025"));
        assertThrows(IllegalArgumentException.class, () -> builder.probeId(-1));
    }

    @Test
    void aBadProbeIdInTheEnvironmentIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.builder(Map.of("TMA_PROBE_ID", "probe-7")));
        assertTrue(e.getMessage().contains("TMA_PROBE_ID"), e.getMessage());
    }

    @Test
    void neverPrintsTheSecret() {
        String text = ClientConfig.builder(Map.of()).credentials(5, "topsecret".getBytes(StandardCharsets.UTF_8))
                .build().toString();
        assertFalse(text.contains("topsecret"), text);
    }
}
