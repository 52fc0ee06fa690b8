package eu.atmosphere.tmaf.monitor.probe.common;

import eu.atmosphere.tmaf.monitor.client.ClientConfig;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * The monitor client options of every probe, each also read from the environment variable that
 * {@link ClientConfig} documents. Use as a picocli mixin:
 *
 * <pre>{@code
 * @Mixin ClientOptions client;
 * ...
 * ClientConfig config = client.config(OptionalLong.of(1098));   // 1098 when no --probe-id / TMA_PROBE_ID
 * }</pre>
 */
public final class ClientOptions {

    @Option(names = "--url", defaultValue = "${env:TMA_MONITOR_URL}", paramLabel = "URL",
            description = "Monitor base URL or its /monitor resource (env TMA_MONITOR_URL; "
                    + "default http://127.0.0.1:32025).")
    String url;

    @Option(names = "--probe-id", defaultValue = "${env:TMA_PROBE_ID}", paramLabel = "ID",
            description = "This probe's id (env TMA_PROBE_ID).")
    Long probeId;

    @Option(names = "--secret", defaultValue = "${env:TMA_PROBE_SECRET}", paramLabel = "SECRET",
            description = "This probe's secret; prefer the environment or --secret-file, the command line "
                    + "is visible to other users (env TMA_PROBE_SECRET; none = anonymous).")
    String secret;

    @Option(names = "--secret-file", defaultValue = "${env:TMA_PROBE_SECRET_FILE}", paramLabel = "FILE",
            description = "File holding this probe's secret, one trailing newline ignored "
                    + "(env TMA_PROBE_SECRET_FILE).")
    Path secretFile;

    @Option(names = "--ca-file", defaultValue = "${env:TMA_CA_FILE}", paramLabel = "PEM",
            description = "CA certificates trusted in addition to the system store (env TMA_CA_FILE).")
    Path caFile;

    @Option(names = "--insecure-trust-all", defaultValue = "${env:TMA_INSECURE_TRUST_ALL:-false}",
            description = "Accept any server certificate: development only, logged as a warning "
                    + "(env TMA_INSECURE_TRUST_ALL).")
    boolean insecureTrustAll;

    @Option(names = "--spool-dir", defaultValue = "${env:TMA_SPOOL_DIR}", paramLabel = "DIR",
            description = "Keep undelivered messages on disk here, sent after a restart (env TMA_SPOOL_DIR; "
                    + "default: in memory).")
    Path spoolDirectory;

    @Option(names = "--drain-timeout", defaultValue = "${env:TMA_DRAIN_TIMEOUT:-30s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long to keep delivering at exit (env TMA_DRAIN_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    /**
     * @param defaultProbeId the probe id when none is configured; empty to require one
     * @return the client configuration: the environment's, overridden by the options given
     * @throws IllegalArgumentException if no probe id is configured and there is no default, or a
     *                                  value is invalid
     * @throws UncheckedIOException     if the secret file cannot be read
     */
    public ClientConfig config(OptionalLong defaultProbeId) {
        long id = probeId != null ? probeId
                : defaultProbeId.orElseThrow(() -> new IllegalArgumentException(
                        "no probe id: give --probe-id or set TMA_PROBE_ID"));
        ClientConfig.Builder builder = ClientConfig.builder()
                .insecureTrustAll(insecureTrustAll)
                .drainTimeout(drainTimeout);
        if (url != null && !url.isBlank()) {
            builder.endpoint(url);
        }
        if (secret != null && !secret.isEmpty()) {
            builder.credentials(id, secret.getBytes(StandardCharsets.UTF_8));
        } else if (secretFile != null) {
            builder.credentials(id, secretFile);
        } else {
            builder.probeId(id);
        }
        if (caFile != null) {
            builder.caFile(caFile);
        }
        if (spoolDirectory != null) {
            builder.spoolDirectory(spoolDirectory);
        }
        return builder.build();
    }

    /** @return how long to keep delivering at exit */
    public Duration drainTimeout() {
        return drainTimeout;
    }
}
