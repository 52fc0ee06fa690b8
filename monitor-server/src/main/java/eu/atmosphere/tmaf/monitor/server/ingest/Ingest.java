package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import eu.atmosphere.tmaf.monitor.server.auth.AuthenticatedProbe;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeAuthenticator;
import eu.atmosphere.tmaf.monitor.server.http.Answer;
import eu.atmosphere.tmaf.monitor.server.http.Exchange;
import eu.atmosphere.tmaf.monitor.server.http.ExchangeHandler;
import eu.atmosphere.tmaf.monitor.server.http.LogSafe;
import eu.atmosphere.tmaf.monitor.server.http.Pipeline;
import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.http.RequestHead;
import eu.atmosphere.tmaf.monitor.server.http.Route;
import eu.atmosphere.tmaf.monitor.server.http.WebErrorMapper;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaReadiness;
import eu.atmosphere.tmaf.monitor.server.kafka.OutgoingRecord;
import eu.atmosphere.tmaf.monitor.server.kafka.Publication;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link Route#INGEST}, every spelling of {@code /monitor}, as the {@link Pipeline}'s
 * handler: once the body is complete and the probe authenticated, {@code POST} reads the body
 * within its limit, parses it once, validates every message, checks that every message carries
 * the authenticated probe's id (403 otherwise), and answers 200 only after Kafka acknowledged
 * every record, naming each record's partition and offset when the client asks for JSON
 * ({@link Receipts}); {@code OPTIONS} says what is allowed, anything else is 405. A request refused
 * before publishing (4xx: unreadable, invalid, foreign probe id; 503 while Kafka is unavailable)
 * publishes nothing and says so ({@code "stored":"none"}); a request answered 503 because Kafka failed
 * or did not acknowledge in time may have published some or all of its records and says which are
 * stored ({@code "stored":"unknown"} with receipts); an identical resend of the others joins the record
 * the producer still holds (see {@code KafkaPublisher}): delivery is at least once, never at most once.
 * No thread waits for Kafka: the answer is given from the producer's callback (and written by the
 * connection's selector thread), or at the Kafka timeout + 2 s from the exchange's timer, whichever comes
 * first.
 *
 * <pre>{@code
 * Ingest ingest = new Ingest(config, validator, publisher, readiness, metrics);
 * new Pipeline(new Pipeline.Routes(ingest, jersey, workers, health), authenticator, limits, budget, metrics::request);
 * }</pre>
 */
public final class Ingest implements ExchangeHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    /** The rejection reason of an invalid message answered the original monitor's way. */
    static final String LEGACY_ANSWERED = "invalid-message-legacy-answer";
    private static final String ALLOWED = "OPTIONS, POST";

    private final IngestSettings config;
    private final MessageValidator validator;
    private final KafkaPublisher publisher;
    private final KafkaReadiness readiness;
    private final MonitorMetrics metrics;

    /**
     * @param config    limits and timeouts
     * @param validator the schema validator
     * @param publisher where valid messages go
     * @param readiness whether Kafka can take messages now
     * @param metrics   counters to update
     */
    public Ingest(IngestSettings config, MessageValidator validator, KafkaPublisher publisher, KafkaReadiness readiness,
           MonitorMetrics metrics) {
        this.config = config;
        this.validator = validator;
        this.publisher = publisher;
        this.readiness = readiness;
        this.metrics = metrics;
    }

    /**
     * Answers the request: at once when it is refused, after Kafka's answer otherwise.
     *
     * @param exchange the request, its body complete and its probe authenticated (null in anonymous mode;
     *                 refused 401 when authentication is on, should the pipeline ever let it through)
     */
    @Override
    public void handle(Exchange exchange) {
        RequestHead head = exchange.head();
        if (!head.method().equals("POST")) {
            exchange.answer(head.method().equals("OPTIONS") ? new Answer(204, "text/plain", new byte[0],
                    Map.of("Allow", List.of(ALLOWED)))
                    : WebErrorMapper.problem(Status.METHOD_NOT_ALLOWED).withHeader("Allow", ALLOWED)
                            .answer(head.requestId()));
            return;
        }
        AuthenticatedProbe probe = (AuthenticatedProbe) exchange.probe();
        try {
            requireProbe(probe);
            CheckedBody checked = CheckedBody.read(head, exchange.body(), config.maxBodyBytes(),
                    config.maxBatchItems(), validator, "; nothing of this request was stored");
            if (head.contentEncoding() != null && !exchange.reserve(checked.bytes().length)) {
                throw unavailable("the server holds as many request bytes as it may (--max-inflight-bytes)");
            }
            List<OutgoingRecord> records = OutgoingRecords.of(checked.document());
            if (probe != null) {
                requireOwnProbeId(records, probe, checked.document().batch());
            }
            publish(records, probe == null ? null : probe.probeId(), head.accept().json(), head.requestId(), exchange);
        } catch (ProblemException e) {
            if (CheckedBody.INVALID_MESSAGE.equals(e.problem().slug())
                    && config.legacyInvalidAnswer().appliesTo(head.userAgent(), head.accept().problemJson())) {
                exchange.answer(legacyAnswer(head.requestId(), e.problem()));
                return;
            }
            reject(head.requestId(), e.problem());
            exchange.answer(e.problem().status() == 503 ? Receipts.storedNone(e.problem(), head.requestId())
                    : e.problem().answer(head.requestId()));
        }
    }

    /** The original monitor's 200 + error text for an invalid message: refused, counted and logged all the same. */
    private Answer legacyAnswer(String requestId, Problem invalid) {
        metrics.rejected(LEGACY_ANSWERED);
        Violation first = invalid.violations().get(0);
        LOG.warn("requestId={} rejected reason={} violations={} first={} {}, answered 200 with the original monitor's "
                        + "error text (--legacy-invalid-answer={}); nothing stored", requestId, CheckedBody.INVALID_MESSAGE,
                invalid.violations().size(), first.pointer(), first.keyword(), config.legacyInvalidAnswer());
        return Answer.of(200, "text/plain;charset=utf-8", LegacyInvalidAnswer.body(invalid.violations()));
    }

    /** With authentication on, a request without a probe is refused here too (defence in depth). */
    private void requireProbe(AuthenticatedProbe probe) {
        if (probe == null && config.authentication()) {
            throw new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", "credentials required")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"" + ProbeAuthenticator.REALM + "\""));
        }
    }

    /** A probe may publish only its own messages: one foreign probeId refuses the whole request. */
    private static void requireOwnProbeId(List<OutgoingRecord> records, AuthenticatedProbe probe, boolean batch) {
        for (int i = 0; i < records.size(); i++) {
            long probeId = records.get(i).probeId();
            if (probeId != probe.probeId()) {
                throw new ProblemException(Problem.of(403, "foreign-probe-id", "Forbidden",
                        "authenticated as probe " + probe.probeId() + ", which may publish only messages with probeId "
                                + probe.probeId() + ", but " + (batch ? "item " + i : "the message") + " has probeId "
                                + probeId + "; nothing of this request was stored"));
            }
        }
    }

    private void publish(List<OutgoingRecord> records, Long probeId, boolean json, String requestId,
                         Exchange exchange) {
        if (!readiness.admits()) {
            throw unavailable("Kafka is unavailable (" + readiness.problem() + ")");
        }
        AtomicReference<Publication> publication = new AtomicReference<>();
        exchange.awaitLater(config.kafkaTimeout().plusSeconds(2), () -> {
            Problem late = KafkaFailures.late(config);
            readiness.publishFailed(late.detail());
            reject(requestId, late);
            return Receipts.outcomeUnknown(late, requestId, publication.get(), records.size());
        });
        metrics.inFlightStarted();
        long start = System.nanoTime();
        publication.set(publisher.publish(records, probeId));
        publication.get().acknowledged().whenComplete((stored, failure) -> {
            metrics.inFlightEnded();
            metrics.kafkaSend((System.nanoTime() - start) / 1e9);
            if (failure == null) {
                readiness.publishSucceeded();
                if (exchange.answer(Receipts.accepted(stored, json, requestId))) {
                    metrics.accepted(records.size());
                }
            } else {
                Problem problem = KafkaFailures.problem(failure, config, requestId);
                if (problem.status() == 503) {
                    readiness.publishFailed(problem.detail());
                }
                reject(requestId, problem);
                exchange.answer(problem.status() == 503 ? Receipts.outcomeUnknown(problem, requestId,
                        publication.get(), records.size()) : problem.answer(requestId));
            }
        });
    }

    private ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, "unavailable", "Service unavailable",
                detail + "; nothing was stored, retry later")
                .withHeader("Retry-After", Long.toString(config.retryAfter().toSeconds())));
    }

    private void reject(String requestId, Problem problem) {
        metrics.rejected(problem.slug());
        if (problem.violations().isEmpty()) {
            LOG.info("requestId={} rejected status={} reason={} detail=\"{}\"", requestId, problem.status(),
                    problem.slug(), LogSafe.escape(problem.detail()));
        } else {
            Violation first = problem.violations().get(0);
            LOG.info("requestId={} rejected status={} reason={} violations={} first={} {}", requestId,
                    problem.status(), problem.slug(), problem.violations().size(), LogSafe.escape(first.pointer()),
                    first.keyword());
        }
    }
}
