package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.ServerOption;
import eu.atmosphere.tmaf.monitor.server.ServerOptions;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import eu.atmosphere.tmaf.monitor.server.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.JaasUtils;

/**
 * The checks {@code serve} makes before anything slow starts (the embedded broker takes seconds): ports
 * free, files present and usable, the data directory free, the Kafka address well-formed, a SASL login
 * configured where the Kafka protocol needs one. Each problem
 * is one line naming the option and environment variable to change.
 *
 * <pre>{@code
 * for (Preflight.Problem problem : new Preflight(config, embeddedDirectory, embeddedPort).problems()) {
 *     System.err.println(problem.line());
 *     // --port (env MONITOR_PORT): cannot listen on 127.0.0.1:32025 (Address already in use): in use by another
 *     // program? stop it or choose another port
 * }
 * }</pre>
 */
final class Preflight {

    private final ServerConfig config;
    private final Path embeddedDirectory;
    private final int embeddedPort;
    private final List<Problem> problems = new ArrayList<>();

    /**
     * One thing that keeps the server from starting.
     *
     * @param line  what is wrong and which option (and environment variable) to change, one line
     * @param cause the exception behind it, for {@code --verbose}; may be null
     */
    record Problem(String line, Exception cause) {
    }

    /**
     * @param config            the server's configuration
     * @param embeddedDirectory the embedded broker's data directory, null when an external Kafka is used
     * @param embeddedPort      the embedded broker's port (ignored without {@code embeddedDirectory})
     */
    Preflight(ServerConfig config, Path embeddedDirectory, int embeddedPort) {
        this.config = config;
        this.embeddedDirectory = embeddedDirectory;
        this.embeddedPort = embeddedPort;
    }

    /** @return every problem found; empty when the server may start */
    List<Problem> problems() {
        checkListener();
        if (embeddedDirectory == null) {
            checkKafkaAddress();
            checkKafkaLogin();
        } else {
            checkEmbeddedBroker();
        }
        checkCredentials();
        checkTls();
        return List.copyOf(problems);
    }

    private void checkListener() {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.bindAddress());
        } catch (UnknownHostException e) {
            problem(ServerOptions.BIND, "'" + config.bindAddress() + "' is not an address of this machine");
            return;
        }
        if (!address.isLoopbackAddress() && !config.authentication() && !config.anonymousOnPublicInterface()) {
            problem(ServerOptions.CREDENTIALS_FILE, "required to listen on " + config.bindAddress()
                    + " (not loopback): register probes with `monitor-server probes add`, or bind to 127.0.0.1 ("
                    + ServerOptions.BIND + "), or allow anonymous publishing (" + ServerOptions.ALLOW_ANONYMOUS + ")");
        }
        if (config.port() != 0) {
            checkPortFree(ServerOptions.PORT, address, config.port(), "");
        }
    }

    private void checkEmbeddedBroker() {
        if (embeddedPort == config.port()) {
            problem(ServerOptions.EMBEDDED_KAFKA_PORT, "must differ from " + ServerOptions.PORT + " (both " + embeddedPort + ")");
        } else {
            checkPortFree(ServerOptions.EMBEDDED_KAFKA_PORT, InetAddress.getLoopbackAddress(), embeddedPort,
                    " (another Kafka? then use it with " + ServerOptions.KAFKA_BOOTSTRAP_SERVERS + ")");
        }
        String inUse = EmbeddedKafka.directoryProblem(embeddedDirectory);
        if (inUse != null) {
            problem(ServerOptions.EMBEDDED_KAFKA_DIR, inUse);
            return;
        }
        Path existing = embeddedDirectory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            problem(ServerOptions.EMBEDDED_KAFKA_DIR, embeddedDirectory.toAbsolutePath() + " cannot be created or written"
                    + (existing == null ? "" : " (" + existing + " is not a writable directory)"));
        }
    }

    private void checkKafkaAddress() {
        for (String server : config.kafkaBootstrapServers().split(",")) {
            String entry = server.strip();
            int colon = entry.lastIndexOf(':');
            boolean valid = colon > 0 && colon < entry.length() - 1;
            if (valid) {
                try {
                    int port = Integer.parseInt(entry.substring(colon + 1));
                    valid = port > 0 && port <= 65535;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                problem(ServerOptions.KAFKA_BOOTSTRAP_SERVERS, "'" + entry + "' is not host:port (e.g. kafka:9092); "
                        + "leave it empty for the embedded broker");
            }
        }
    }

    /**
     * A SASL protocol needs the client's login module: {@code sasl.jaas.config}, or a JAAS file with a
     * {@code KafkaClient} entry named by the JVM's {@code java.security.auth.login.config}. Without either Kafka's
     * client cannot even be created ("Could not find a 'KafkaClient' entry in the JAAS configuration").
     */
    private void checkKafkaLogin() {
        Map<String, String> kafka = config.kafkaSettings().values();
        String protocol = kafka.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        if (protocol.toUpperCase(Locale.ROOT).startsWith("SASL_") && !kafka.containsKey(SaslConfigs.SASL_JAAS_CONFIG)
                && System.getProperty(JaasUtils.JAVA_LOGIN_CONFIG_PARAM) == null) {
            problems.add(new Problem(KafkaClientOptions.PROPERTY_OPTION + " " + SaslConfigs.SASL_JAAS_CONFIG + " (env "
                    + KafkaClientSettings.ENVIRONMENT_PREFIX + "SASL_JAAS_CONFIG) is missing: security.protocol=" + protocol
                    + " needs the client's login, e.g. org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"monitor\" password=\"...\"; (or a JAAS file with a KafkaClient entry: -D"
                    + JaasUtils.JAVA_LOGIN_CONFIG_PARAM + "=FILE)", null));
        }
    }

    private void checkCredentials() {
        Path file = config.credentialsFile();
        if (file != null && readable(ServerOptions.CREDENTIALS_FILE, file,
                "create it with `monitor-server probes add <probe-id> --credentials-file " + file + "`")) {
            usable(ServerOptions.CREDENTIALS_FILE, () -> ProbeCredentials.read(file));
        }
        if (config.tokenKeyFile() != null) {
            readable(ServerOptions.TOKEN_KEY_FILE, config.tokenKeyFile(), "create it with `openssl rand -base64 48 > "
                    + config.tokenKeyFile() + "; chmod 600 " + config.tokenKeyFile() + "`");
        }
    }

    private void checkTls() {
        String hint = "create development certificates with `monitor-server dev-certs --out DIR`";
        if (config.tlsKeystore() != null) {
            if (readable(ServerOptions.TLS_KEYSTORE, config.tlsKeystore(), hint)) {
                usable(ServerOptions.TLS_KEYSTORE, () -> ServerTls.fromKeystore(config.tlsKeystore(),
                        config.tlsKeystorePassword().toCharArray(), Duration.ZERO).close());
            }
        } else if (config.tlsCertificate() != null) {
            boolean present = readable(ServerOptions.TLS_CERT, config.tlsCertificate(), hint);
            present &= readable(ServerOptions.TLS_KEY, config.tlsPrivateKey(), hint);
            if (present) {
                usable(ServerOptions.TLS_CERT, () -> ServerTls.fromPem(config.tlsCertificate(), config.tlsPrivateKey(),
                        Duration.ZERO).close());
            }
        }
    }

    private void checkPortFree(ServerOption<?> option, InetAddress address, int port, String hint) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            problem(option, "cannot listen on " + address.getHostAddress() + ":" + port + " (" + e.getMessage()
                    + "): in use by another program? stop it or choose another port" + hint, e);
        }
    }

    private boolean readable(ServerOption<?> option, Path file, String hint) {
        if (!Files.exists(file)) {
            problem(option, file.toAbsolutePath() + " does not exist; " + hint);
            return false;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problem(option, file.toAbsolutePath() + " is not a readable file");
            return false;
        }
        return true;
    }

    private void usable(ServerOption<?> option, Runnable load) {
        try {
            load.run();
        } catch (IllegalStateException | UncheckedIOException e) {
            problem(option, e.getMessage(), e);
        }
    }

    private void problem(ServerOption<?> option, String text) {
        problem(option, text, null);
    }

    private void problem(ServerOption<?> option, String text, Exception cause) {
        problems.add(new Problem(option + ": " + text, cause));
    }
}
