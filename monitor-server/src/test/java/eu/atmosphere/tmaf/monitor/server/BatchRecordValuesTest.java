package eu.atmosphere.tmaf.monitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a batch's records hold, against a real server and a real Kafka broker: every item is stored
 * byte for byte as sent, from its '{' to its '}', whatever valid JSON it holds and whatever
 * whitespace is inside it.
 */
class BatchRecordValuesTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Valid but unusual: escaped quotes and backslashes, brackets in strings, \\u escapes, non-ASCII, odd numbers, nested extras. */
    private static final String UNUSUAL = "{\"probeId\":7,\"resourceId\":201,\"messageId\":1,\"sentTime\":1535971455,"
            + "\"note\":\"say \\\"hi\\\" \\\\ }]{[, \\u0041\\u00e9\\/ ünïcödé 🙂 \\t\","
            + "\"extra\":{\"list\":[1,{\"deep\":null,\"yes\":true}],\"empty\":{},\"none\":[]},"
            + "\"data\":[{\"type\":\"measurement\",\"descriptionId\":1,\"observations\":["
            + "{\"time\":1535971455,\"value\":1.0E+3},{\"time\":1535971456,\"value\":-0.0},"
            + "{\"time\":1535971457,\"value\":1e-7},{\"time\":1535971458,\"value\":-12345678901234567890.5}]}]}";

    @RegisterExtension
    final TopicServer monitor = TopicServer.extension(KAFKA, 3, ServerConfig.builder());

    @Test
    void storesCompactItemsByteForByteAsSent() {
        String plain = TestHttp.message(7, 202, 2);

        assertEquals(200, monitor.http().postJson("[" + UNUSUAL + "," + plain + "]").statusCode());

        assertEquals(Set.of(UNUSUAL, plain), storedValues(2));
    }

    @Test
    void storesItemsWithWhitespaceByteForByteToo() {
        String pretty = "{\r\n\t\"probeId\": 7,\n  \"resourceId\" : 203,\"messageId\":3,\"sentTime\":1535971455,"
                + "\"note\": \"keeps its own  spaces\\t\",\"data\":[ {\"type\":\"event\",\"descriptionId\":1,"
                + "\"observations\":[{\"time\":1535971455,\"value\":42.5}]}\t]\r\n}";
        String compact = TestHttp.message(7, 204, 4);

        assertEquals(200, monitor.http().postJson(" [\r\n  " + pretty + " ,\n\t" + compact + "\r\n] ").statusCode());

        assertEquals(Set.of(pretty, compact), storedValues(2));
    }

    @Test
    void storesItemsOfABatchAfterAByteOrderMarkByteForByte() throws Exception {
        String first = TestHttp.message(7, 205, 5);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(BOM);
        body.write(("\n[" + first + "," + UNUSUAL + "]\n").getBytes(StandardCharsets.UTF_8));

        assertEquals(200, monitor.http().post("monitor", "application/json", body.toByteArray()).statusCode());

        assertEquals(Set.of(first, UNUSUAL), storedValues(2));
    }

    @Test
    void storesEveryItemOfAFullBatchInOrderOfItsKeys() {
        List<String> items = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> i % 3 == 0 ? UNUSUAL.replace("\"messageId\":1", "\"messageId\":" + (100 + i))
                        : TestHttp.message(7, 300 + i, i))
                .toList();

        assertEquals(200, monitor.http().postJson(items.stream().collect(Collectors.joining(",", "[", "]"))).statusCode());

        assertEquals(Set.copyOf(items), storedValues(100));
    }

    private Set<String> storedValues(int count) {
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.read(monitor.topic(), count, Duration.ofSeconds(10));
        assertEquals(count, records.size());
        return records.stream().map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }
}
