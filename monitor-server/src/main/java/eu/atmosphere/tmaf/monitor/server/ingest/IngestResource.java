package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.http.LogSafe;
import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.schema.Violation;
import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.auth.AuthenticatedProbe;
import eu.atmosphere.tmaf.monitor.server.auth.ProbeAuthenticator;
import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import eu.atmosphere.tmaf.monitor.server.http.RequestIds;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaPublisher;
import eu.atmosphere.tmaf.monitor.server.kafka.KafkaReadiness;
import eu.atmosphere.tmaf.monitor.server.ops.MonitorMetrics;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /monitor}: one message or a batch. Reads the body within its limit, parses it
 * once, validates every message, checks that every message carries the authenticated probe's
 * id (403 otherwise), and answers 200 only after Kafka acknowledged every record. A request
 * refused before publishing (4xx: unreadable, invalid, foreign probe id; 503 while Kafka is
 * unavailable or too many messages await its acknowledgement) publishes nothing; a request
 * answered 503 because Kafka failed or did not acknowledge in time may have published
 * some or all of its records (Kafka failed part-way through a batch, or acknowledged after the
 * 503), so a probe's retry can duplicate records: delivery is at least once, never at most once.
 * Authentication itself happened before, in the
 * {@link eu.atmosphere.tmaf.monitor.server.auth.AuthenticationFilter}. The worker thread is
 * released while Kafka works: the response is resumed when the acknowledgement (or failure)
 * arrives.
 */
@Path("/monitor")
public final class IngestResource {

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
     * @param config    limits and timeouts
     * @param validator the schema validator
     * @param publisher where valid messages go
     * @param readiness whether Kafka can take messages now
     * @param metrics   counters to update
     * @param responses threads that write responses once Kafka answered
     */
    public IngestResource(ServerConfig config, MessageValidator validator, KafkaPublisher publisher,
                          KafkaReadiness readiness, MonitorMetrics metrics, Executor responses) {
        this.config = config;
        this.validator = validator;
        this.publisher = publisher;
        this.readiness = readiness;
        this.metrics = metrics;
        this.budget = new InFlightBudget(config.maxInFlightBytes());
        this.responses = responses;
    }

    /**
     * @param body     the request body
     * @param headers  the request headers
     * @param response completed once Kafka acknowledged, or with a problem
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public void ingest(InputStream body, @Context HttpHeaders headers, @Context SecurityContext security,
                       @Suspended AsyncResponse response) {
        String requestId = RequestIds.of(headers);
        try {
            AuthenticatedProbe probe = authenticatedProbe(security);
            CheckedBody checked = CheckedBody.read(body, headers, config.maxBodyBytes(), config.maxBatchItems(), validator,
                    "; nothing of this request was stored");
            List<OutgoingRecord> records = OutgoingRecords.of(checked.document(), checked.bytes());
            if (probe != null) {
                requireOwnProbeId(records, probe, checked.document().isArray());
            }
            publish(records, probe == null ? null : probe.probeId(), checked.bytes().length, wantsJson(headers),
                    requestId, response);
        } catch (ProblemException e) {
            if (CheckedBody.INVALID_MESSAGE.equals(e.problem().slug()) && config.legacyInvalidAnswer().appliesTo(headers)) {
                response.resume(legacyAnswer(requestId, e.problem()));
                return;
            }
            reject(requestId, e.problem());
            response.resume(e.problem().toResponse(requestId));
        }
    }

    /** The original monitor's 200 + error text for an invalid message: refused, counted and logged all the same. */
    private Response legacyAnswer(String requestId, Problem invalid) {
        metrics.rejected(LEGACY_ANSWERED);
        Violation first = invalid.violations().get(0);
        LOG.warn("requestId={} rejected reason={} violations={} first={} {}, answered 200 with the original monitor's "
                        + "error text (--legacy-invalid-answer={}); nothing stored", requestId, CheckedBody.INVALID_MESSAGE,
                invalid.violations().size(), first.pointer(), first.keyword(), config.legacyInvalidAnswer());
        return Response.ok(LegacyInvalidAnswer.body(invalid.violations()), "text/plain; charset=utf-8").build();
    }

    /**
     * The probe the authentication filter established; with authentication on, a request without
     * one is refused here too (defence in depth, should the filter ever not run).
     */
    private AuthenticatedProbe authenticatedProbe(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof AuthenticatedProbe probe) {
            return probe;
        }
        if (config.authentication()) {
            throw new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", "credentials required")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"" + ProbeAuthenticator.REALM + "\""));
        }
        return null;
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
                         AsyncResponse response) {
        if (!readiness.admits()) {
            throw unavailable("Kafka is unavailable (" + readiness.problem() + ")");
        }
        if (!budget.tryAcquire(size)) {
            throw unavailable("too many messages await Kafka's acknowledgement");
        }
        response.setTimeout(config.kafkaTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(timedOut -> {
            Problem late = unavailable("Kafka did not acknowledge in time").problem();
            reject(requestId, late);
            timedOut.resume(late.toResponse(requestId));
        });
        metrics.inFlightStarted();
        long start = System.nanoTime();
        publisher.publish(records, probeId).whenCompleteAsync((ok, failure) -> {
            budget.release(size);
            metrics.inFlightEnded();
            metrics.kafkaSend((System.nanoTime() - start) / 1e9);
            if (failure == null) {
                readiness.publishSucceeded();
                metrics.accepted(records.size());
                response.resume(accepted(records.size(), json, requestId));
            } else {
                Problem problem = KafkaFailures.problem(failure, config, requestId);
                if (problem.status() == 503) {
                    readiness.publishFailed(problem.detail());
                }
                reject(requestId, problem);
                response.resume(problem.toResponse(requestId));
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

    /** Whether the client asked for JSON; no Accept header (most probes) is answered without parsing any. */
    private static boolean wantsJson(HttpHeaders headers) {
        return headers.getHeaderString(HttpHeaders.ACCEPT) != null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(type -> !type.isWildcardType() && !type.isWildcardSubtype()
                        && type.isCompatible(MediaType.APPLICATION_JSON_TYPE));
    }

    private static Response accepted(int count, boolean json, String requestId) {
        if (json) {
            return Response.ok("{\"accepted\":" + count + ",\"requestId\":\"" + requestId + "\"}",
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok("0", MediaType.TEXT_PLAIN_TYPE).build();
    }
}
