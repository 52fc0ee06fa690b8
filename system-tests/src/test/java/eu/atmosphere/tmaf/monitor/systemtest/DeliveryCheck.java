package eu.atmosphere.tmaf.monitor.systemtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.client.ClientStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what one probe was told with what Kafka holds. "Accepted" is what the client reported: every message
 * whose {@code send} returned at least 1, when afterwards the client's own counters say none was refused by the
 * monitor, none dropped, none left queued, and the monitor acknowledged exactly that many ({@code stats().sent()}).
 * ({@code BackgroundClient} has no per-message acknowledgement callback, so the set of acknowledged ids is that set,
 * checked against the count.)
 *
 * <p>Kafka must hold exactly that set of {@code (probeId, messageId)}: nothing missing, nothing unknown. A message
 * may be stored more than once only as a retransmission: byte-identical value, and no more duplicates than the
 * client's retried requests can carry ({@code retries x batchSize}). The record key is the resourceId as an 8-byte
 * long, and per resource the first copies are in send order.
 */
final class DeliveryCheck {

    /** The numbers of one fault test. */
    record Result(String scenario, int acceptedBySend, int refusedBySend, long acknowledged, int records, int distinct,
                  int missing, int unknown, int duplicates, int mostCopies, long retries, String notes) {

        String line() {
            return String.format("RESULT %-42s send accepted %6d | acknowledged %6d | Kafka records %6d, distinct %6d"
                            + " | missing %d, unknown %d, duplicates %d, most copies of one message %d | client retries %d"
                            + " | %s",
                    scenario, acceptedBySend, acknowledged, records, distinct, missing, unknown, duplicates, mostCopies,
                    retries, notes);
        }
    }

    static final List<Result> RESULTS = new ArrayList<>();

    private DeliveryCheck() {
    }

    static Result verify(String scenario, long probeId, LoadProbe probe, ClientStats stats, int batchSize,
                         String bootstrapServers, String topic, String notes) {
        return verify(scenario, probeId, Set.of(), probe, stats, batchSize, bootstrapServers, topic, notes);
    }

    /** @param otherProbes probe ids whose records are not this probe's business (e.g. raw test requests) */
    static Result verify(String scenario, long probeId, Set<Long> otherProbes, LoadProbe probe, ClientStats stats,
                         int batchSize, String bootstrapServers, String topic, String notes) {
        List<Long> accepted = probe.accepted();
        Set<Long> acceptedIds = new HashSet<>(accepted);
        assertEquals(accepted.size(), acceptedIds.size(), "message ids are unique");

        List<TopicContents.Stored> stored = TopicContents.readAll(bootstrapServers, topic, Duration.ofSeconds(60));
        Map<Long, TopicContents.Stored> first = new LinkedHashMap<>();
        Map<Long, Integer> copies = new HashMap<>();
        Set<Long> unknown = new TreeSet<>();
        int duplicates = 0;
        int records = 0;
        Map<Long, Long> lastIdPerResource = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        for (TopicContents.Stored r : stored) {
            if (otherProbes.contains(r.probeId())) {
                continue;
            }
            records++;
            if (r.probeId() != probeId || !acceptedIds.contains(r.messageId())) {
                unknown.add(r.messageId());
                continue;
            }
            assertEquals(Long.valueOf(r.resourceId()), r.key(), "record key = resourceId as 8-byte long");
            copies.merge(r.messageId(), 1, Integer::sum);
            TopicContents.Stored earlier = first.putIfAbsent(r.messageId(), r);
            if (earlier != null) {
                duplicates++;
                assertArrayEquals(earlier.value(), r.value(), "a duplicate is a retransmission of the same message");
                continue;
            }
            Long previous = lastIdPerResource.put(r.resourceId(), r.messageId());
            if (previous != null && previous > r.messageId() && outOfOrder.size() < 5) {
                outOfOrder.add("resource " + r.resourceId() + ": " + r.messageId() + " after " + previous);
            }
        }
        Set<Long> missing = new TreeSet<>(acceptedIds);
        missing.removeAll(first.keySet());

        Result result = new Result(scenario, accepted.size(), probe.refusedBySend(), stats.sent(), records,
                first.size(), missing.size(), unknown.size(), duplicates,
                copies.values().stream().mapToInt(Integer::intValue).max().orElse(0), stats.retries(), notes);
        RESULTS.add(result);
        System.out.println(result.line());
        System.out.println("  client " + stats);

        assertEquals(0, probe.refusedBySend(), "send accepted every message (backlog never full)");
        assertEquals(0, stats.rejected(), "the monitor refused nothing for good");
        assertEquals(0, stats.dropped(), "the client dropped nothing");
        assertEquals(0, stats.queued(), "nothing left in the client's backlog");
        assertEquals(accepted.size(), stats.sent(), "the client was told every accepted message was stored");
        assertEquals(Set.of(), limit(missing), "accepted but not in Kafka");
        assertEquals(Set.of(), limit(unknown), "in Kafka but never accepted");
        assertEquals(List.of(), outOfOrder, "per resource, first copies in send order");
        assertTrue(duplicates <= stats.retries() * batchSize,
                duplicates + " duplicates but only " + stats.retries() + " retried requests of <= " + batchSize);
        return result;
    }

    private static Set<Long> limit(Set<Long> ids) {
        Set<Long> some = new TreeSet<>();
        for (Long id : ids) {
            if (some.size() == 10) {
                break;
            }
            some.add(id);
        }
        return some;
    }
}
