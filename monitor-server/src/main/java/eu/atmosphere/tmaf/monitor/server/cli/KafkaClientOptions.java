package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Kafka client options shared by {@code serve} and {@code consume}: a properties file and
 * repeatable {@code --kafka-property key=value}, plus {@code KAFKA_PROPERTY_*} environment
 * variables (see {@link KafkaClientSettings}). Mixed into a command with
 * {@code @Mixin KafkaClientOptions kafka;} and read with {@link #settings()}.
 */
final class KafkaClientOptions {

    /** The properties file option. */
    static final String FILE_OPTION = "--kafka-properties-file";
    /** The repeatable key=value option. */
    static final String PROPERTY_OPTION = "--kafka-property";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = FILE_OPTION, defaultValue = "${env:KAFKA_PROPERTIES_FILE:-}", paramLabel = "FILE",
            description = "Kafka client settings (security.protocol, sasl.*, ssl.*, tuning) as a Java properties "
                    + "file; keep it owner-readable, it may hold secrets (env KAFKA_PROPERTIES_FILE).")
    String file;

    @Option(names = PROPERTY_OPTION, paramLabel = "KEY=VALUE",
            description = "One Kafka client setting, repeatable; wins over the file and over the environment "
                    + "variables KAFKA_PROPERTY_<KEY> (upper case, _ for ., e.g. KAFKA_PROPERTY_SASL_MECHANISM). "
                    + "Prefer the file or the environment for secrets: a command line is visible to other users.")
    List<String> pairs = new ArrayList<>();

    /**
     * @return the merged settings of the file, the environment and the command line
     * @throws CommandLine.ParameterException if a setting is malformed, unknown, reserved or the file unreadable
     */
    KafkaClientSettings settings() {
        try {
            return KafkaClientSettings.load(file == null || file.isBlank() ? null : Path.of(file), System.getenv(),
                    pairs);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
