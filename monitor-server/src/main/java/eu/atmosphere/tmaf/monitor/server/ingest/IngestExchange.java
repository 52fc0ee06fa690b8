package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.http.Answer;
import java.util.function.Supplier;

/**
 * One {@code POST /monitor} request as its transport holds it while {@link Ingest} works on it:
 * where the answer goes, and how the transport waits for Kafka without a worker thread.
 */
interface IngestExchange {

    /**
     * Sends the answer (once; later calls, e.g. Kafka's answer after the timeout's, are ignored).
     *
     * @param answer what to send, without the request id header
     */
    void answer(Answer answer);

    /**
     * Called just before the records go to Kafka: the request is answered by {@link #answer} from
     * Kafka's callback, or by {@code late} after {@code timeoutMillis}.
     *
     * @param timeoutMillis longest wait for Kafka's answer
     * @param late          the answer if Kafka is later
     */
    void awaitKafka(long timeoutMillis, Supplier<Answer> late);
}
