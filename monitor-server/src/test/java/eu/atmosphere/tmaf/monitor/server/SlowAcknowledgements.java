package eu.atmosphere.tmaf.monitor.server;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A Kafka producer interceptor (set with {@code interceptor.classes}) that holds the producer's
 * network thread for {@link #DELAY_MILLIS} on every acknowledgement: a producer whose answer comes
 * later than its own delivery timeout promises, as a stuck network thread would.
 */
public final class SlowAcknowledgements implements ProducerInterceptor<Long, byte[]> {

    /** How long each acknowledgement is held. */
    static final long DELAY_MILLIS = 6_000;

    @Override
    public ProducerRecord<Long, byte[]> onSend(ProducerRecord<Long, byte[]> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        try {
            Thread.sleep(DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
