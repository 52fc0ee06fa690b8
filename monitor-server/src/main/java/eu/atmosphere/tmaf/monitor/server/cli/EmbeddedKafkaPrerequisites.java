package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.server.ServerOptions;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaClientSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether {@code serve} can use the embedded broker ({@link EmbeddedKafka}) when no Kafka is
 * configured: it must be on the class path (the runnable jar, not the container image) and the
 * Kafka client settings must not ask for security it does not offer. Names no type of the
 * embedded-kafka module, so it runs where that module is absent.
 *
 * <pre>{@code
 * List<String> problems = EmbeddedKafkaPrerequisites.problems(settings);   // empty: start it
 * }</pre>
 */
final class EmbeddedKafkaPrerequisites {

    private static final String BROKER_CLASS = "eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker";

    private EmbeddedKafkaPrerequisites() {
    }

    /**
     * @param settings the Kafka client settings the server's clients would use towards the broker
     * @return why the embedded broker cannot serve this server, one line each; empty when it can
     */
    static List<String> problems(KafkaClientSettings settings) {
        List<String> problems = new ArrayList<>();
        if (!onClassPath()) {
            problems.add(ServerOptions.KAFKA_BOOTSTRAP_SERVERS + ": no Kafka configured: set KAFKA_BOOTSTRAP_SERVERS "
                    + "(this installation, e.g. the container image, carries no embedded broker)");
        }
        String protocol = settings.values().getOrDefault("security.protocol", "PLAINTEXT");
        if (!protocol.equalsIgnoreCase("PLAINTEXT")) {
            problems.add(ServerOptions.KAFKA_BOOTSTRAP_SERVERS + ": security.protocol=" + protocol + " needs an "
                    + "external Kafka: the embedded broker is plaintext on 127.0.0.1");
        }
        return problems;
    }

    private static boolean onClassPath() {
        try {
            Class.forName(BROKER_CLASS, false, EmbeddedKafkaPrerequisites.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
