package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.http.Answer;
import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.kafka.Publication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What the ingest answers about where a request's messages went:
 * <ul>
 * <li>200 with {@code Accept: application/json}:
 *     {@code {"accepted":N,"requestId":"…","receipts":[{"partition":p,"offset":o}, …]}}, one receipt per message,
 *     index-aligned with the request's messages (a single message: one element); otherwise {@code 0} as plain
 *     text, as the original monitor answered;</li>
 * <li>503 refused before publishing: the problem with {@code "stored":"none"} (nothing of the request was stored;
 *     resending all of it is safe);</li>
 * <li>503 after publishing was attempted (Kafka failed or did not acknowledge in time): the problem with
 *     {@code "stored":"unknown"} and {@code "receipts"}, index-aligned, {@code {"partition":p,"offset":o}} for a
 *     record Kafka acknowledged and {@code null} for one whose outcome is unknown.</li>
 * </ul>
 *
 * <pre>{@code
 * exchange.answer(Receipts.accepted(publication.acknowledged().join(), json, requestId));
 * exchange.answer(Receipts.outcomeUnknown(problem, requestId, publication, records.size()));
 * }</pre>
 */
final class Receipts {

    private Receipts() {
    }

    /**
     * @param stored    every message's record, in request order
     * @param json      whether the client asked for JSON
     * @param requestId the request's id
     * @return the 200 answer
     */
    static Answer accepted(List<RecordMetadata> stored, boolean json, String requestId) {
        if (!json) {
            return Answer.of(200, "text/plain", "0");
        }
        StringBuilder body = new StringBuilder(48 + 32 * stored.size()).append("{\"accepted\":").append(stored.size())
                .append(",\"requestId\":\"").append(requestId).append("\",\"receipts\":[");
        for (int i = 0; i < stored.size(); i++) {
            RecordMetadata record = stored.get(i);
            body.append(i == 0 ? "" : ",").append("{\"partition\":").append(record.partition())
                    .append(",\"offset\":").append(record.offset()).append('}');
        }
        return Answer.of(200, "application/json", body.append("]}").toString());
    }

    /**
     * @param refused   a 503 given before anything was published
     * @param requestId the request's id
     * @return its problem answer, saying that nothing was stored
     */
    static Answer storedNone(Problem refused, String requestId) {
        return refused.withMember("stored", "none").answer(requestId);
    }

    /**
     * Answers a 503 given after publishing was attempted, and lets identical resends of its records join them
     * ({@link Publication#outcomeUnknown()}).
     *
     * @param failed      the problem
     * @param requestId   the request's id
     * @param publication the request's records on their way to Kafka; {@code null} if not handed over yet
     * @param records     how many records the request has
     * @return the problem answer with {@code "stored":"unknown"} and a receipt for each record Kafka acknowledged
     */
    static Answer outcomeUnknown(Problem failed, String requestId, Publication publication, int records) {
        List<RecordMetadata> acknowledged = Collections.nCopies(records, null);
        if (publication != null) {
            publication.outcomeUnknown();
            acknowledged = publication.acknowledgedSoFar();
        }
        List<Map<String, Long>> receipts = new ArrayList<>(records);
        for (RecordMetadata record : acknowledged) {
            receipts.add(record == null ? null : receipt(record));
        }
        return failed.withMember("stored", "unknown").withMember("receipts", receipts).answer(requestId);
    }

    private static Map<String, Long> receipt(RecordMetadata record) {
        Map<String, Long> receipt = new LinkedHashMap<>(2);
        receipt.put("partition", (long) record.partition());
        receipt.put("offset", record.offset());
        return receipt;
    }
}
