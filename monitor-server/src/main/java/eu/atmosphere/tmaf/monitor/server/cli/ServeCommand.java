package eu.atmosphere.tmaf.monitor.server.cli;

import static eu.atmosphere.tmaf.monitor.server.ServerOptions.*;

import eu.atmosphere.tmaf.monitor.server.MonitorServer;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.ServerOption;
import eu.atmosphere.tmaf.monitor.server.ServerOptions;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaReadiness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs the server until SIGTERM/SIGINT, then stops gracefully within a bounded time
 * ({@link BoundedShutdown}). Without Kafka bootstrap servers it first starts an embedded single-node
 * broker whose data survives restarts. Its options are {@link ServerOptions#ALL}, added to the command
 * by {@link #spec()}. Before anything slow starts, every option value and the environment are checked
 * ({@link Preflight}); problems are printed one line each and the exit status is {@value #STARTUP_PROBLEM}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        abbreviateSynopsis = true,
        description = "Run the monitor (the default command).")
final class ServeCommand implements Callable<Integer> {

    /** Exit status when the server refuses to start because of its configuration or environment. */
    static final int STARTUP_PROBLEM = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka;

    private ServeCommand() {
    }

    /** @return the {@code serve} command with every option of {@link ServerOptions#ALL} */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new ServeCommand());
        ServerOptions.ALL.forEach(option -> spec.addOption(OptionSpecs.of(option)));
        return spec;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        JvmFlagWarnings.ofThisJvm().forEach(LOG::warn);
        List<Preflight.Problem> problems = new ArrayList<>();
        Map<ServerOption<?>, Object> values = parse(problems);
        KafkaClientSettings kafkaSettings = kafkaSettings(problems);
        ServerConfig config = problems.isEmpty() ? configuration(values, kafkaSettings, problems) : null;
        boolean embedded = config != null && value(values, KAFKA_BOOTSTRAP_SERVERS).isBlank();
        if (embedded) {
            EmbeddedKafkaPrerequisites.problems(kafkaSettings).forEach(line -> problems.add(new Preflight.Problem(line, null)));
        }
        if (config != null && problems.isEmpty()) {
            problems.addAll(new Preflight(config, embedded ? value(values, EMBEDDED_KAFKA_DIR) : null,
                    value(values, EMBEDDED_KAFKA_PORT)).problems());
        }
        boolean verbose = values.get(VERBOSE) == Boolean.TRUE;
        if (!problems.isEmpty()) {
            problems.forEach(problem -> refuse(problem.line(), problem.cause(), verbose));
            return STARTUP_PROBLEM;
        }
        BoundedShutdown shutdown = BoundedShutdown.install(value(values, SHUTDOWN_TIMEOUT_SECONDS));
        try {
            if (embedded) {
                shutdown.add(EmbeddedKafka.start(value(values, EMBEDDED_KAFKA_DIR), value(values, EMBEDDED_KAFKA_PORT),
                        value(values, TOPIC), value(values, EMBEDDED_KAFKA_PARTITIONS)));
            }
        } catch (EmbeddedKafka.DirectoryInUseException e) {
            return refuse(EMBEDDED_KAFKA_DIR + ": " + e.getMessage() + "; stop that process or choose another "
                    + "directory", e, verbose, shutdown);
        }
        MonitorServer server;
        try {
            server = MonitorServer.start(config);
        } catch (IllegalStateException e) {
            return refuse(e.getMessage(), e, verbose, shutdown);
        } catch (UncheckedIOException e) {
            return refuse(PORT + ": " + e.getMessage() + " (" + e.getCause().getMessage() + ")", e, verbose, shutdown);
        } catch (RuntimeException e) {
            shutdown.run();
            throw e;
        }
        shutdown.add(server);
        announce(server, config, start);
        shutdown.awaitSignal();
        return 0;
    }

    /** Logs "ready" once Kafka answers; until then one line saying what the server waits for. */
    private static void announce(MonitorServer server, ServerConfig config, long start) {
        server.kafkaProblem().ifPresent(problem -> LOG.warn("listening on {} but NOT READY: waiting for Kafka at {} "
                + "(topic {}): {}; checking every {} s, POST /monitor answers 503 until it answers", server.baseUri(),
                config.kafkaBootstrapServers(), config.topic(), problem, KafkaReadiness.INTERVAL.toSeconds()));
        server.whenKafkaFirstReady(() -> LOG.info("ready in {} ms", (System.nanoTime() - start) / 1_000_000));
    }

    private int refuse(String problem, Exception e, boolean verbose, BoundedShutdown shutdown) {
        shutdown.run();
        refuse(problem, e, verbose);
        return STARTUP_PROBLEM;
    }

    private void refuse(String problem, Exception e, boolean verbose) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("monitor-server: " + problem);
        if (verbose && e != null) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** @return every option's value; a value that cannot be parsed is a problem */
    private Map<ServerOption<?>, Object> parse(List<Preflight.Problem> problems) {
        Map<ServerOption<?>, Object> values = new HashMap<>();
        for (ServerOption<?> option : ServerOptions.ALL) {
            try {
                values.put(option, option.parse(spec.findOption(option.name()).getValue()));
            } catch (IllegalArgumentException e) {
                problems.add(new Preflight.Problem(e.getMessage(), e));
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(Map<ServerOption<?>, Object> values, ServerOption<T> option) {
        return (T) values.get(option);
    }

    /** @return the server's configuration, or null with the reason in {@code problems} */
    private static ServerConfig configuration(Map<ServerOption<?>, Object> values, KafkaClientSettings kafkaSettings,
                                              List<Preflight.Problem> problems) {
        String bootstrapServers = value(values, KAFKA_BOOTSTRAP_SERVERS);
        try {
            return ServerConfig.builder()
                    .bindAddress(value(values, BIND)).port(value(values, PORT))
                    .kafkaBootstrapServers(bootstrapServers.isBlank()
                            ? "127.0.0.1:" + value(values, EMBEDDED_KAFKA_PORT) : bootstrapServers)
                    .topic(value(values, TOPIC))
                    .maxBodyBytes(value(values, MAX_BODY_BYTES)).maxInFlightBytes(value(values, MAX_INFLIGHT_BYTES))
                    .kafkaTimeout(value(values, KAFKA_TIMEOUT_SECONDS)).retryAfter(value(values, RETRY_AFTER_SECONDS))
                    .idleTimeout(value(values, IDLE_TIMEOUT_SECONDS))
                    .maxRequestsPerConnection(value(values, MAX_REQUESTS_PER_CONNECTION))
                    .requestHeaderTimeout(value(values, REQUEST_HEADER_TIMEOUT_SECONDS))
                    .requestBodyTimeout(value(values, REQUEST_BODY_TIMEOUT_SECONDS))
                    .maxHeaderBytes(value(values, MAX_HEADER_BYTES))
                    .workerThreads(value(values, WORKER_THREADS))
                    .selectorThreads(value(values, SELECTOR_THREADS))
                    .maxBatchItems(value(values, MAX_BATCH_ITEMS)).openRouteConcurrency(value(values, OPEN_ROUTE_CONCURRENCY))
                    .openRouteBodyTimeout(value(values, OPEN_ROUTE_BODY_TIMEOUT_SECONDS))
                    .anonymousOnPublicInterface(value(values, ALLOW_ANONYMOUS))
                    .credentialsFile(value(values, CREDENTIALS_FILE))
                    .tokenKeyFile(value(values, TOKEN_KEY_FILE))
                    .tokenTtl(value(values, TOKEN_TTL_SECONDS))
                    .basicAuthCacheTtl(value(values, BASIC_AUTH_CACHE_SECONDS))
                    .reloadInterval(value(values, RELOAD_INTERVAL_SECONDS))
                    .tlsPem(value(values, TLS_CERT), value(values, TLS_KEY))
                    .tlsKeystore(value(values, TLS_KEYSTORE), keystorePassword(values))
                    .kafkaSettings(kafkaSettings)
                    .acceptanceProfile(value(values, ACCEPTANCE_PROFILE))
                    .legacyInvalidAnswer(value(values, LEGACY_INVALID_ANSWER))
                    .build();
        } catch (IllegalArgumentException e) {
            problems.add(new Preflight.Problem(e.getMessage(), e));
        } catch (IOException e) {
            problems.add(new Preflight.Problem(TLS_KEYSTORE_PASSWORD_FILE + ": cannot read " + e.getMessage(), e));
        }
        return null;
    }

    private static String keystorePassword(Map<ServerOption<?>, Object> values) throws IOException {
        String password = value(values, TLS_KEYSTORE_PASSWORD);
        Path passwordFile = value(values, TLS_KEYSTORE_PASSWORD_FILE);
        if (password != null || passwordFile == null) {
            return password;
        }
        return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    }

    /** @return the Kafka client settings, or none with the reason in {@code problems} */
    private KafkaClientSettings kafkaSettings(List<Preflight.Problem> problems) {
        try {
            return kafka.settings();
        } catch (CommandLine.ParameterException e) {
            problems.add(new Preflight.Problem(e.getMessage(), e));
            return KafkaClientSettings.none();
        }
    }
}
