package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;

/**
 * Delivers a batch of messages until every one of them is stored or refused for good.
 *
 * <ul>
 * <li>IO errors and 408/429/502/503/504 are retried with {@link Backoff} (honouring {@code Retry-After}),
 *     up to {@code maxAttempts} per request. A 503 that names the records Kafka acknowledged
 *     ({@link StoreReport}) settles those; only the others are sent again, and those whose outcome was
 *     unknown are counted ({@link ClientStats#outcomeUnknownResends()}).</li>
 * <li>A connection closed by the other side before an answer (a load balancer whose backend just went away)
 *     is retried at once on a new connection; only when it happens {@value #CLOSED_IN_A_ROW} times in a row is
 *     it diagnosed as a wrong address and retried with backoff.</li>
 * <li>401: the token is renewed and the request repeated once. A second 401 is retried with backoff within
 *     the {@link AuthRetryWindow} (a probe registered moments ago), a refusal after it.</li>
 * <li>400 naming the invalid items of a batch: those are refused, the rest is sent again at once
 *     (the monitor stored nothing of the request).</li>
 * <li>400/403/413 for a batch without such detail: the batch is split in halves until the refused
 *     messages are alone, so one bad message never takes good ones with it.</li>
 * <li>A TLS handshake failure (untrusted certificate) cannot heal by itself: with
 *     {@code waitOutTlsFailures} the batch is retried at the longest backoff (nothing is lost while the
 *     operator fixes the trust configuration), otherwise the attempt ends at once.</li>
 * </ul>
 */
final class Delivery {

    /** {@link Outcome#status} when the monitor could not be reached. */
    static final int NO_RESPONSE = -1;
    /** Connections closed before an answer, in a row, that make a wrong address likelier than a dying backend. */
    static final int CLOSED_IN_A_ROW = 3;

    private static final ClientLog LOG = ClientLog.of(Delivery.class);
    private static final int STORED = 200;

    private final HttpTransport transport;
    private final TokenAuthenticator auth;
    private final Backoff backoff;
    private final int maxAttempts;
    private final boolean waitOutTlsFailures;
    private final boolean gzip;
    private final StatsRecorder stats;
    private final Settlements settlements;
    private final AuthRetryWindow authWindow;
    private volatile boolean failing;

    Delivery(HttpTransport transport, TokenAuthenticator auth, Backoff backoff, int maxAttempts,
             boolean waitOutTlsFailures, boolean gzip, StatsRecorder stats, Settlements settlements,
             AuthRetryWindow authWindow) {
        this.transport = transport;
        this.auth = auth;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.waitOutTlsFailures = waitOutTlsFailures;
        this.gzip = gzip;
        this.stats = stats;
        this.settlements = settlements;
        this.authWindow = authWindow;
    }

    /**
     * The result of {@link #deliver}.
     */
    static final class Outcome {

        /** Whether every message was stored or refused for good. */
        final boolean settled;
        /** The HTTP status of the last response ({@code 200} if the last part was stored), or {@link #NO_RESPONSE}. */
        final int status;

        Outcome(boolean settled, int status) {
            this.settled = settled;
            this.status = status;
        }
    }

    /** How one part of a batch ended: stored, refused by {@code response}, or not delivered. */
    private static final class Attempt {

        private enum Kind { STORED, REFUSED, UNDELIVERED }

        private final Kind kind;
        private final List<QueuedMessage> remaining;
        private final Response response;

        private Attempt(Kind kind, List<QueuedMessage> remaining, Response response) {
            this.kind = kind;
            this.remaining = remaining;
            this.response = response;
        }

        static Attempt stored() {
            return new Attempt(Kind.STORED, Collections.emptyList(), null);
        }

        static Attempt refused(List<QueuedMessage> messages, Response response) {
            return new Attempt(Kind.REFUSED, messages, response);
        }

        /** @param last the last answer, {@code null} if the monitor was not reached */
        static Attempt undelivered(Response last) {
            return new Attempt(Kind.UNDELIVERED, Collections.emptyList(), last);
        }

        int status() {
            return kind == Kind.STORED ? STORED : response == null ? NO_RESPONSE : response.status();
        }
    }

    /**
     * @param messages the batch, in order
     * @return whether it is settled, and the last status
     * @throws InterruptedException if interrupted while waiting; the batch is then not settled
     */
    Outcome deliver(List<QueuedMessage> messages) throws InterruptedException {
        Deque<List<QueuedMessage>> work = new ArrayDeque<>();
        work.push(messages);
        int status = NO_RESPONSE;
        while (!work.isEmpty()) {
            Attempt attempt = exchange(work.pop());
            status = attempt.status();
            if (attempt.kind == Attempt.Kind.REFUSED) {
                refuseOrSplit(attempt.remaining, attempt.response, work);
            } else if (attempt.kind == Attempt.Kind.UNDELIVERED) {
                return new Outcome(false, status);
            }
        }
        return new Outcome(true, status);
    }

    /** Sends {@code messages} until they are stored, refused, or the attempts ran out. */
    private Attempt exchange(List<QueuedMessage> messages) throws InterruptedException {
        List<QueuedMessage> part = messages;
        byte[] body = BatchBody.encode(part, gzip);
        int closedInARow = 0;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            Response response = null;
            StoreReport report;
            try {
                response = postRenewingOnce(body);
                closedInARow = 0;
                if (isRefusal(response)) {
                    recovered(attempt);
                    return Attempt.refused(part, response);
                }
                report = StoreReport.of(response, part);
                settlements.stored(report.stored(), report.receipts());
                if (report.unsettled().isEmpty()) {
                    recovered(attempt);
                    return Attempt.stored();
                }
                wait = backoff.delay(attempt, response.retryAfter());
                failed(Diagnosis.refusal(response.status(), response.problem()), wait);
            } catch (IOException e) {
                IOException cause = AnswerLostException.unwrap(e);
                report = e instanceof AnswerLostException ? StoreReport.answerLost(part) : StoreReport.notSent(part);
                if (Diagnosis.closedByPeer(cause) && ++closedInARow < CLOSED_IN_A_ROW) {
                    String diagnosis = Diagnosis.transientClose(cause, transport.endpoint());
                    stats.error(diagnosis);
                    LOG.info("{}; retrying at once on a new connection", diagnosis);
                    part = resend(part, report);
                    body = BatchBody.encode(part, gzip);
                    attempt--;
                    continue;
                }
                String diagnosis = Diagnosis.of(cause, transport.endpoint())
                        + (closedInARow >= CLOSED_IN_A_ROW ? " (closed " + closedInARow + " times in a row)" : "");
                boolean tls = isTlsFailure(cause);
                if (tls && !waitOutTlsFailures) {
                    failed(diagnosis, Duration.ZERO);
                    return Attempt.undelivered(null);
                }
                wait = tls ? backoff.max() : backoff.delay(attempt, Optional.empty());
                failed(diagnosis, wait);
                if (tls) {
                    LOG.error("{}; retrying in {} ms", diagnosis, wait.toMillis());
                }
            }
            if (attempt >= maxAttempts) {
                return Attempt.undelivered(response);
            }
            Thread.sleep(wait.toMillis());
            part = resend(part, report);
            body = BatchBody.encode(part, gzip);
        }
    }

    /** @return what to send again after {@code report}, counted as a retry (and as unknown-outcome resends) */
    private List<QueuedMessage> resend(List<QueuedMessage> part, StoreReport report) {
        stats.retried();
        if (report.outcomeUnknown()) {
            stats.outcomeUnknownResends(report.unsettled().size());
        }
        return report.unsettled().isEmpty() ? part : report.unsettled();
    }

    /**
     * @return whether the response refuses the messages for good: any status but success and the retryable
     *         ones, and a 401 once the {@link AuthRetryWindow} has passed
     */
    private boolean isRefusal(Response response) {
        if (response.status() != 401) {
            authWindow.accepted();
            return !response.isSuccess() && !response.isRetryable();
        }
        if (!auth.hasCredentials()) {
            return true;
        }
        String refusal = Diagnosis.refusal(401, response.problem());
        switch (authWindow.refused()) {
            case FIRST_RETRY:
                LOG.warn("The monitor at {} refused the probe's credentials: {}. Keeping the messages and retrying for"
                                + " up to {} s (authRetryWindow): a probe registered moments ago may not be known to every"
                                + " monitor replica yet", transport.endpoint(), refusal, authWindow.window().getSeconds());
                return false;
            case RETRY:
                return false;
            case FIRST_REFUSAL:
                LOG.error("The monitor at {} still refuses the probe's credentials after {} s (authRetryWindow):"
                        + " refusing the messages until it accepts them again. {}", transport.endpoint(),
                        authWindow.window().getSeconds(), refusal);
                return true;
            default:
                return true;
        }
    }

    private Response postRenewingOnce(byte[] body) throws IOException, InterruptedException {
        try {
            Response response = transport.postMessages(body, gzip, auth.authorization());
            if (response.status() == 401 && auth.hasCredentials()) {
                auth.invalidate();
                response = transport.postMessages(body, gzip, auth.authorization());
            }
            return response;
        } catch (AuthenticationFailedException e) {
            return e.response();
        }
    }

    private void refuseOrSplit(List<QueuedMessage> part, Response response, Deque<List<QueuedMessage>> work) {
        Problem problem = response.problem();
        int status = response.status();
        if (part.size() > 1) {
            Set<Integer> invalid = invalidIndexes(problem, part.size());
            if (status == 400 && !invalid.isEmpty()) {
                List<QueuedMessage> valid = new ArrayList<>();
                for (int i = 0; i < part.size(); i++) {
                    if (invalid.contains(i)) {
                        refuse(part.get(i), i, status, problem);
                    } else {
                        valid.add(part.get(i));
                    }
                }
                if (!valid.isEmpty()) {
                    work.push(valid);
                }
                return;
            }
            if (status == 400 || status == 403 || status == 413) {
                int half = part.size() / 2;
                work.push(part.subList(half, part.size()));
                work.push(part.subList(0, half));
                return;
            }
        }
        for (int i = 0; i < part.size(); i++) {
            refuse(part.get(i), i, status, problem);
        }
    }

    /** @return the batch indexes the violations name, or empty unless every violation names one */
    private static Set<Integer> invalidIndexes(Problem problem, int size) {
        Set<Integer> indexes = new HashSet<>();
        for (Problem.Violation v : problem.violations()) {
            if (v.index() < 0 || v.index() >= size) {
                return Collections.emptySet();
            }
            indexes.add(v.index());
        }
        return indexes;
    }

    private void refuse(QueuedMessage queued, int index, int status, Problem problem) {
        List<Problem.Violation> violations = problem.violations().stream()
                .filter(v -> v.index() == index || v.index() == Problem.Violation.NO_INDEX)
                .collect(Collectors.toList());
        settlements.refusedByMonitor(queued, status, problem, violations);
    }

    private void failed(String description, Duration wait) {
        stats.error(description);
        if (!failing) {
            failing = true;
            LOG.warn("The monitor at {} is unavailable ({}); retrying in {} ms", transport.endpoint(), description,
                    wait.toMillis());
        } else {
            LOG.debug("Still failing ({}); retrying in {} ms", description, wait.toMillis());
        }
    }

    private void recovered(int attempt) {
        if (failing) {
            failing = false;
            LOG.info("The monitor at {} answers again (after {} attempts of this request)", transport.endpoint(),
                    attempt);
        }
    }

    private static boolean isTlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }
}
