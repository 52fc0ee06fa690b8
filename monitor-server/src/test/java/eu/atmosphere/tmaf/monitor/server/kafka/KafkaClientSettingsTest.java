package eu.atmosphere.tmaf.monitor.server.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, precedence, refusals and masking of the operator's Kafka client settings. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"tma-monitor\" password=\"s3cret-scram\";";

    @TempDir
    Path directory;

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = directory.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SSL\nsasl.mechanism=PLAIN\nlinger.ms=7\n");

        KafkaClientSettings settings = KafkaClientSettings.load(file,
                Map.of("KAFKA_PROPERTY_SASL_MECHANISM", "SCRAM-SHA-256", "KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_BOOTSTRAP_SERVERS", "ignored:9092", "HOME", "/root"),
                List.of("sasl.mechanism=SCRAM-SHA-512", "sasl.jaas.config=" + JAAS));

        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "linger.ms", "7",
                "sasl.jaas.config", JAAS), settings.values());
    }

    @Test
    void secretsAreHiddenByUsAndByKafkasOwnConfiguration() {
        KafkaClientSettings settings = KafkaClientSettings.of(Map.of("sasl.jaas.config", JAAS,
                "ssl.keystore.password", "s3cret-store", "ssl.key.password", "s3cret-key",
                "sasl.oauthbearer.assertion.private.key.passphrase", "s3cret-phrase", "security.protocol", "SASL_SSL"));

        assertEquals("{sasl.jaas.config=[hidden], sasl.oauthbearer.assertion.private.key.passphrase=[hidden], "
                + "security.protocol=SASL_SSL, ssl.key.password=[hidden], ssl.keystore.password=[hidden]}",
                settings.toString());
        ServerConfig config = ServerConfig.builder().kafkaSettings(settings).build();
        assertFalse(config.toString().contains("s3cret"), config.toString());
        // what Kafka logs as "ProducerConfig values:" when its INFO logging is on: Password-typed values hidden
        Properties producer = KafkaPublisher.properties(config.publisher());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        String kafkaView = new ProducerConfig(producer).values().toString();
        assertTrue(kafkaView.contains("sasl.jaas.config=[hidden]"), kafkaView);
        assertFalse(kafkaView.contains("s3cret"), kafkaView);
    }

    @Test
    void eachClientGetsOnlyTheSettingsItKnows() {
        KafkaClientSettings settings = KafkaClientSettings.of(Map.of("security.protocol", "SSL", "linger.ms", "9",
                "group.id", "kb-loader"));

        Properties admin = settings.applyTo(new Properties(), AdminClientConfig.configNames());

        assertEquals(Map.of("security.protocol", "SSL"), admin);
        assertEquals("9", KafkaPublisher.properties(ServerConfig.builder().kafkaSettings(settings).build().publisher())
                .get("linger.ms"));
    }

    @Test
    void refusesWhatWouldBreakTheGuaranteesTyposAndMalformedPairsWithoutEchoingValues() {
        for (String reserved : List.of("acks=1", "enable.idempotence=false", "bootstrap.servers=evil:9092",
                "value.serializer=x.Y")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KafkaClientSettings.load(null, Map.of(), List.of(reserved)));
            assertTrue(e.getMessage().contains("set by the monitor"), e.getMessage());
        }
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientSettings.load(null, Map.of("KAFKA_PROPERTY_SASL_MECHANSIM", "PLAIN"), List.of()));
        assertTrue(typo.getMessage().contains("unknown Kafka client property 'sasl.mechansim'"), typo.getMessage());
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientSettings.load(null, Map.of(), List.of("sasl.jaas.config " + JAAS)));
        assertFalse(malformed.getMessage().contains("s3cret"), malformed.getMessage());
    }
}
