package eu.atmosphere.tmaf.monitor.server.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The operator's settings for every Kafka client the monitor runs (the producer, the readiness
 * admin client, {@code consume}): security protocol, SASL, TLS, client tuning. Three sources, a
 * later one winning per key:
 * <ol>
 *   <li>a Java properties file (e.g. the {@code client.properties} a Kafka operator hands out);</li>
 *   <li>environment variables {@code KAFKA_PROPERTY_<KEY>}: the key upper case with {@code _}
 *       for {@code .}, e.g. {@code KAFKA_PROPERTY_SASL_JAAS_CONFIG} for {@code sasl.jaas.config}
 *       (so a Kubernetes Secret can be mapped to one variable);</li>
 *   <li>{@code key=value} pairs from the command line.</li>
 * </ol>
 * Every key must be a Kafka producer, consumer or admin client setting (a typo fails at start
 * instead of being ignored), and the keys through which the monitor keeps its guarantees
 * ({@link #RESERVED}: the bootstrap servers have their own option, {@code acks=all} and
 * idempotence make a 200 mean "stored", the serializers fix the record format, the delivery, request and
 * blocking timeouts are derived from {@code --kafka-timeout-seconds} and the publisher's hold of undelivered
 * records) cannot be set.
 * {@link #toString()} and {@link #masked()} never show a secret value ({@link #isSecret(String)}).
 *
 * <pre>{@code
 * KafkaClientSettings settings = KafkaClientSettings.load(Path.of("kafka-client.properties"),
 *         System.getenv(), List.of("sasl.mechanism=SCRAM-SHA-512"));
 * Properties producer = new Properties();
 * producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093");
 * settings.applyTo(producer, ProducerConfig.configNames());   // only the producer's keys
 * LOG.info("Kafka client settings: {}", settings);             // sasl.jaas.config=[hidden]
 * }</pre>
 */
public final class KafkaClientSettings {

    /** Prefix of the environment variables that carry one setting each. */
    public static final String ENVIRONMENT_PREFIX = "KAFKA_PROPERTY_";
    /** Keys the monitor sets itself and refuses from the operator. */
    public static final Set<String> RESERVED = Set.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    /** How a secret value is shown. */
    public static final String HIDDEN = "[hidden]";

    private static final Pattern SECRET_NAME = Pattern.compile("password|secret|jaas|token|credential|\\.key$");
    private static final List<ConfigDef> CLIENT_DEFINITIONS = List.of(
            ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());
    private static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

    private final Map<String, String> values;

    private KafkaClientSettings(Map<String, String> values) {
        values.keySet().forEach(KafkaClientSettings::checkKey);
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** @return no settings: plaintext, no authentication, the monitor's defaults */
    public static KafkaClientSettings none() {
        return NONE;
    }

    /**
     * @param values settings by key
     * @return those settings
     * @throws IllegalArgumentException if a key is unknown to Kafka's clients or {@link #RESERVED}
     */
    public static KafkaClientSettings of(Map<String, String> values) {
        return new KafkaClientSettings(values);
    }

    /**
     * Reads the three sources, each later one winning per key.
     *
     * @param file        a properties file, or {@code null}
     * @param environment the process environment; only {@value #ENVIRONMENT_PREFIX}* variables are read
     * @param keyValues   {@code key=value} pairs (the value may contain {@code =})
     * @return the merged settings
     * @throws IllegalArgumentException if a pair has no {@code =} or an empty key, a key is unknown or reserved
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static KafkaClientSettings load(Path file, Map<String, String> environment, List<String> keyValues) {
        Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                merged.put(name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        for (String pair : keyValues) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("a Kafka property is KEY=VALUE, e.g. security.protocol=SASL_SSL; one has "
                        + (equals == 0 ? "an empty key" : "no '='") + " (not shown: it may hold a secret)");
            }
            merged.put(pair.substring(0, equals).strip(), pair.substring(equals + 1));
        }
        return new KafkaClientSettings(merged);
    }

    /**
     * Copies the settings that one kind of client knows (others would only make it warn) into its
     * configuration, over whatever is there.
     *
     * @param target     the client's configuration
     * @param clientKeys the keys that client knows, e.g. {@code ProducerConfig.configNames()}
     * @return {@code target}
     */
    public <M extends Map<Object, Object>> M applyTo(M target, Set<String> clientKeys) {
        values.forEach((key, value) -> {
            if (clientKeys.contains(key)) {
                target.put(key, value);
            }
        });
        return target;
    }

    /** @return the settings by key, secrets included: for handing to a Kafka client only */
    public Map<String, String> values() {
        return values;
    }

    /** @return whether there are no settings */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** @return the settings by key with every secret value replaced by {@value #HIDDEN}, for display */
    public Map<String, String> masked() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(key, isSecret(key) ? HIDDEN : value));
        return shown;
    }

    /**
     * @param key a Kafka client setting
     * @return whether its value is secret: Kafka types it as a password (e.g. {@code sasl.jaas.config},
     *         {@code ssl.keystore.password}), or its name says so (password, secret, jaas, token,
     *         credential, a {@code .key})
     */
    public static boolean isSecret(String key) {
        return CLIENT_DEFINITIONS.stream()
                .map(definition -> definition.configKeys().get(key))
                .anyMatch(definition -> definition != null && definition.type == ConfigDef.Type.PASSWORD)
                || SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** @return the settings with secrets hidden, e.g. {@code {sasl.jaas.config=[hidden], security.protocol=SASL_SSL}} */
    @Override
    public String toString() {
        return masked().toString();
    }

    private static void checkKey(String key) {
        if (RESERVED.contains(key)) {
            throw new IllegalArgumentException("the Kafka property " + key + " is set by the monitor and cannot be "
                    + "changed" + (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    ? ": give the cluster with --kafka-bootstrap-servers / KAFKA_BOOTSTRAP_SERVERS"
                    : key.endsWith(".timeout.ms") || key.equals(ProducerConfig.MAX_BLOCK_MS_CONFIG)
                    ? ": the monitor derives it from --kafka-timeout-seconds / MONITOR_KAFKA_TIMEOUT_SECONDS" : ""));
        }
        if (CLIENT_DEFINITIONS.stream().noneMatch(definition -> definition.names().contains(key))) {
            throw new IllegalArgumentException("unknown Kafka client property '" + key + "' (see "
                    + "https://kafka.apache.org/documentation/#producerconfigs; environment variables "
                    + ENVIRONMENT_PREFIX + "* name one property each)");
        }
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka properties file " + file + ": " + e.getMessage(), e);
        }
        return properties.stringPropertyNames().stream()
                .collect(Collectors.toMap(name -> name, name -> properties.getProperty(name).strip()));
    }
}
