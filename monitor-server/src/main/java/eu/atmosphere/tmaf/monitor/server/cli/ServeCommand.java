package eu.atmosphere.tmaf.monitor.server.cli;

import static eu.atmosphere.tmaf.monitor.server.ServerOptions.*;

import eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker;
import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.ServerOption;
import eu.atmosphere.tmaf.monitor.server.ServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * Runs the server until SIGTERM/SIGINT, then stops gracefully. Without Kafka bootstrap
 * servers it first starts an embedded single-node broker whose data survives restarts.
 * Its options are {@link ServerOptions#ALL}, added to the command by {@link #spec()}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        abbreviateSynopsis = true,
        description = "Run the monitor (the default command).")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    private ServeCommand() {
    }

    /** @return the {@code serve} command with every option of {@link ServerOptions#ALL} */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new ServeCommand());
        ServerOptions.ALL.forEach(option -> spec.addOption(optionSpec(option)));
        return spec;
    }

    private static OptionSpec optionSpec(ServerOption<?> option) {
        OptionSpec.Builder builder = OptionSpec.builder(option.name())
                .type(String.class)
                .paramLabel("<" + option.name().substring(option.name().lastIndexOf('-') + 1) + ">")
                .defaultValue("${env:" + option.environmentVariable() + ":-" + option.defaultText() + "}")
                .description(option.description() + " (env " + option.environmentVariable() + ")");
        if (option.flag()) {
            builder.arity("0..1").fallbackValue("true").paramLabel("true|false");
        }
        if (option.secret()) {
            builder.showDefaultValue(CommandLine.Help.Visibility.NEVER);
        }
        return builder.build();
    }

    private <T> T value(ServerOption<T> option) {
        String text = spec.findOption(option.name()).getValue();
        try {
            return option.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        long start = System.nanoTime();
        String password = keystorePassword();
        String bootstrapServers = value(KAFKA_BOOTSTRAP_SERVERS);
        EmbeddedKafkaBroker broker = bootstrapServers.isBlank() ? startEmbeddedBroker() : null;
        String kafka = broker == null ? bootstrapServers : broker.bootstrapServers();
        MonitorServer server;
        try {
            server = MonitorServer.start(ServerConfig.builder()
                    .bindAddress(value(BIND)).port(value(PORT)).kafkaBootstrapServers(kafka).topic(value(TOPIC))
                    .maxBodyBytes(value(MAX_BODY_BYTES)).maxInFlightBytes(value(MAX_INFLIGHT_BYTES))
                    .kafkaTimeout(value(KAFKA_TIMEOUT_SECONDS)).retryAfter(value(RETRY_AFTER_SECONDS))
                    .idleTimeout(value(IDLE_TIMEOUT_SECONDS))
                    .maxRequestsPerConnection(value(MAX_REQUESTS_PER_CONNECTION))
                    .requestHeaderTimeout(value(REQUEST_HEADER_TIMEOUT_SECONDS))
                    .requestBodyTimeout(value(REQUEST_BODY_TIMEOUT_SECONDS))
                    .maxHeaderBytes(value(MAX_HEADER_BYTES))
                    .workerThreads(value(WORKER_THREADS))
                    .selectorThreads(value(SELECTOR_THREADS))
                    .anonymousOnPublicInterface(value(ALLOW_ANONYMOUS))
                    .credentialsFile(value(CREDENTIALS_FILE))
                    .tokenKeyFile(value(TOKEN_KEY_FILE))
                    .tokenTtl(value(TOKEN_TTL_SECONDS))
                    .basicAuthCacheTtl(value(BASIC_AUTH_CACHE_SECONDS))
                    .reloadInterval(value(RELOAD_INTERVAL_SECONDS))
                    .tlsPem(value(TLS_CERT), value(TLS_KEY))
                    .tlsKeystore(value(TLS_KEYSTORE), password)
                    .acceptanceProfile(value(ACCEPTANCE_PROFILE))
                    .legacyInvalidAnswer(value(LEGACY_INVALID_ANSWER))
                    .build());
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        LOG.info("ready in {} ms", (System.nanoTime() - start) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (broker != null) {
                broker.close();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private String keystorePassword() throws IOException {
        String password = value(TLS_KEYSTORE_PASSWORD);
        Path passwordFile = value(TLS_KEYSTORE_PASSWORD_FILE);
        if (password != null || passwordFile == null) {
            return password;
        }
        return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    }

    private EmbeddedKafkaBroker startEmbeddedBroker() {
        Path directory = value(EMBEDDED_KAFKA_DIR);
        int port = value(EMBEDDED_KAFKA_PORT);
        LOG.info("no Kafka configured ({}): starting the embedded single-node broker on 127.0.0.1:{}, data in {}",
                KAFKA_BOOTSTRAP_SERVERS, port, directory.toAbsolutePath());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(directory).port(port).build();
        broker.start();
        broker.createTopic(value(TOPIC), value(EMBEDDED_KAFKA_PARTITIONS));
        LOG.info("embedded Kafka broker up at {}", broker.bootstrapServers());
        return broker;
    }
}
