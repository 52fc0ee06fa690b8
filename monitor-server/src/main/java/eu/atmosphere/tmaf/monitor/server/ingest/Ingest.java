package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.auth.AuthenticatedProbe;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeAuthenticator;
import eu.atmosphere.tmaf.monitor.server.http.AcceptHeader;
import eu.atmosphere.tmaf.monitor.server.http.Answer;
import eu.atmosphere.tmaf.monitor.server.http.LogSafe;
import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaReadiness;
import eu.atmosphere.tmaf.monitor.server.kafka.Publication;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code POST /monitor} does with one message or a batch, whichever transport received it
 * ({@link IngestHandler} for {@code /monitor} itself, {@link IngestResource} for the spellings Jersey
 * routes there): reads the body within its limit, parses it once, validates every message, checks
 * that every message carries the authenticated probe's id (403 otherwise), and answers 200 only
 * after Kafka acknowledged every record. A request refused before publishing (4xx: unreadable,
 * invalid, foreign probe id; 503 while Kafka is unavailable or too many messages await its
 * acknowledgement) publishes nothing and says so ({@code "stored":"none"}); a request answered 503 because
 * Kafka failed or did not acknowledge in time may have published some or all of its records (Kafka failed
 * part-way through a batch, or acknowledges after the 503) and says which are stored
 * ({@code "stored":"unknown"} with receipts, see {@link Receipts}); an identical resend of the others joins
 * the record Kafka still has (see {@code KafkaPublisher}): delivery is at least once, never at most once.
 * No worker thread waits for Kafka: the answer is sent from the producer's callback, on the {@code responses}
 * threads.
 *
 * <pre>{@code
 * ingest.handle(new Ingest.Request(body, requestId, bodyHeaders, acceptHeader, userAgent), probe, exchange);
 * }</pre>
 */
public final class Ingest {

    /** The logger of the resource this logic came from: log configurations and searches keep working. */
    private static final Logger LOG = LoggerFactory.getLogger(IngestResource.class);
    /** The rejection reason of an invalid message answered the original monitor's way. */
    static final String LEGACY_ANSWERED = "invalid-message-legacy-answer";

    private final ServerConfig config;
    private final MessageValidator validator;
    private final KafkaPublisher publisher;
    private final KafkaReadiness readiness;
    private final MonitorMetrics metrics;
    private final InFlightBudget budget;
    private final Executor responses;

    /**
     * One request, as plain values.
     *
     * @param body      the body as received
     * @param requestId the request's id
     * @param headers   how to read the body
     * @param accept    the Accept header, may be null
     * @param userAgent the User-Agent header, may be null
     */
    record Request(InputStream body, String requestId, BodyHeaders headers, String accept, String userAgent) {
    }

    /**
     * @param config    limits and timeouts
     * @param validator the schema validator
     * @param publisher where valid messages go
     * @param readiness whether Kafka can take messages now
     * @param metrics   counters to update
     * @param responses threads that send answers once Kafka answered
     */
    public Ingest(ServerConfig config, MessageValidator validator, KafkaPublisher publisher, KafkaReadiness readiness,
           MonitorMetrics metrics, Executor responses) {
        this.config = config;
        this.validator = validator;
        this.publisher = publisher;
        this.readiness = readiness;
        this.metrics = metrics;
        this.budget = new InFlightBudget(config.maxInFlightBytes());
        this.responses = responses;
    }

    /**
     * Answers the request through {@code exchange}: at once when it is refused, after Kafka's answer otherwise.
     *
     * @param request  the request
     * @param probe    the authenticated probe; null in anonymous mode (refused 401 when authentication is on,
     *                 should a transport ever let it through)
     * @param exchange where the answer goes
     * @throws ProblemException 400 for an Accept header that cannot be read, as JAX-RS' routing refuses it
     */
    void handle(Request request, AuthenticatedProbe probe, IngestExchange exchange) {
        boolean json = AcceptHeader.namesJson(request.accept());
        try {
            requireProbe(probe);
            CheckedBody checked = CheckedBody.read(request.body(), request.headers(), config.maxBodyBytes(),
                    config.maxBatchItems(), validator, "; nothing of this request was stored");
            List<OutgoingRecord> records = OutgoingRecords.of(checked.document(), checked.bytes());
            if (probe != null) {
                requireOwnProbeId(records, probe, checked.document().isArray());
            }
            publish(records, probe == null ? null : probe.probeId(), checked.bytes().length, json,
                    request.requestId(), exchange);
        } catch (ProblemException e) {
            if (CheckedBody.INVALID_MESSAGE.equals(e.problem().slug())
                    && config.legacyInvalidAnswer().appliesTo(request.userAgent(), request.accept())) {
                exchange.answer(legacyAnswer(request.requestId(), e.problem()));
                return;
            }
            reject(request.requestId(), e.problem());
            exchange.answer(e.problem().status() == 503 ? Receipts.storedNone(e.problem(), request.requestId())
                    : e.problem().answer(request.requestId()));
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

    private void publish(List<OutgoingRecord> records, Long probeId, int size, boolean json, String requestId,
                         IngestExchange exchange) {
        if (!readiness.admits()) {
            throw unavailable("Kafka is unavailable (" + readiness.problem() + ")");
        }
        if (!budget.tryAcquire(size)) {
            throw unavailable("too many messages await Kafka's acknowledgement");
        }
        AtomicReference<Publication> publication = new AtomicReference<>();
        AtomicBoolean answeredLate = new AtomicBoolean();
        exchange.awaitKafka(config.kafkaTimeout().toMillis() + 2000, () -> {
            answeredLate.set(true);
            Problem late = KafkaFailures.late(config);
            readiness.publishFailed(late.detail());
            reject(requestId, late);
            return Receipts.outcomeUnknown(late, requestId, publication.get(), records.size());
        });
        metrics.inFlightStarted();
        long start = System.nanoTime();
        publication.set(publisher.publish(records, probeId));
        publication.get().acknowledged().whenCompleteAsync((stored, failure) -> {
            budget.release(size);
            metrics.inFlightEnded();
            metrics.kafkaSend((System.nanoTime() - start) / 1e9);
            if (failure == null) {
                readiness.publishSucceeded();
                if (!answeredLate.get()) {
                    metrics.accepted(records.size());
                }
                exchange.answer(Receipts.accepted(stored, json, requestId));
            } else {
                Problem problem = KafkaFailures.problem(failure, config, requestId);
                if (problem.status() == 503) {
                    readiness.publishFailed(problem.detail());
                }
                reject(requestId, problem);
                exchange.answer(problem.status() == 503 ? Receipts.outcomeUnknown(problem, requestId,
                        publication.get(), records.size()) : problem.answer(requestId));
            }
        }, responses);
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
