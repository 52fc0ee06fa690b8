package eu.atmosphere.tmaf.monitor.client;

import java.util.Collections;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;

/**
 * Delivers a batch of messages until every one of them is acknowledged or refused for good.
 *
 * <ul>
 * <li>IO errors and 408/429/502/503/504 are retried with {@link Backoff} (honouring {@code Retry-After}),
 *     up to {@code maxAttempts} per request.</li>
 * <li>401: the token is renewed and the request repeated once; a second 401 is a refusal.</li>
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

    /** {@link Outcome#status()} when the monitor could not be reached. */
    static final int NO_RESPONSE = -1;

    private static final ClientLog LOG = ClientLog.of(Delivery.class);

    private final HttpTransport transport;
    private final TokenAuthenticator auth;
    private final Backoff backoff;
    private final int maxAttempts;
    private final boolean waitOutTlsFailures;
    private final boolean gzip;
    private final StatsRecorder stats;
    private final RejectionListener listener;
    private volatile boolean failing;

    Delivery(HttpTransport transport, TokenAuthenticator auth, Backoff backoff, int maxAttempts,
             boolean waitOutTlsFailures, boolean gzip, StatsRecorder stats, RejectionListener listener) {
        this.transport = transport;
        this.auth = auth;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.waitOutTlsFailures = waitOutTlsFailures;
        this.gzip = gzip;
        this.stats = stats;
        this.listener = listener;
    }

    /**
     * The result of {@link #deliver}.
     */
    static final class Outcome {

        private final boolean settled;
        private final int status;

        Outcome(boolean settled, int status) {
            this.settled = settled;
            this.status = status;
        }

        /** @return whether every message was acknowledged or refused for good */
        boolean settled() {
            return settled;
        }

        /** @return the HTTP status of the last response, or {@link #NO_RESPONSE} */
        int status() {
            return status;
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
            List<QueuedMessage> part = work.pop();
            Optional<Response> response = exchange(part);
            if (!response.isPresent()) {
                return new Outcome(false, NO_RESPONSE);
            }
            status = response.get().status();
            if (response.get().isSuccess()) {
                stats.sent(part.size());
            } else if (response.get().isRetryable()) {
                return new Outcome(false, status);
            } else {
                refuseOrSplit(part, response.get(), work);
            }
        }
        return new Outcome(true, status);
    }

    /** @return the final response, empty if the monitor could not be reached */
    private Optional<Response> exchange(List<QueuedMessage> part) throws InterruptedException {
        byte[] body = BatchBody.encode(part, gzip);
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            Optional<Response> response;
            try {
                response = Optional.of(postRenewingOnce(body));
                if (!response.get().isRetryable()) {
                    recovered(attempt);
                    return response;
                }
                wait = backoff.delay(attempt, response.get().retryAfter());
                failed(response.get().status() + " " + response.get().problem().type(), wait);
            } catch (IOException e) {
                response = Optional.empty();
                boolean tls = isTlsFailure(e);
                if (tls && !waitOutTlsFailures) {
                    failed(Diagnosis.of(e, transport.endpoint()), Duration.ZERO);
                    return response;
                }
                wait = tls ? backoff.max() : backoff.delay(attempt, Optional.empty());
                failed(Diagnosis.of(e, transport.endpoint()), wait);
                if (tls) {
                    LOG.error("{}; retrying in {} ms", Diagnosis.of(e, transport.endpoint()), wait.toMillis());
                }
            }
            if (attempt >= maxAttempts) {
                return response;
            }
            stats.retried();
            Thread.sleep(wait.toMillis());
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
        stats.rejected();
        String refusal = Diagnosis.refusal(status, problem);
        stats.error(refusal);
        LOG.warn("The monitor refused message {} for good: {}{}", queued.messageId(), refusal,
                violations.isEmpty() ? "" : violations.stream()
                        .map(v -> v.messagePointer() + " " + v.keyword())
                        .collect(Collectors.joining(", ", "; violations: ", "")));
        Message message = MessageCodec.INSTANCE.fromJson(queued.json());
        try {
            listener.onRejected(new Rejection(message, status, problem, violations));
        } catch (RuntimeException e) {
            LOG.error("The rejection listener failed for message {}", queued.messageId(), e);
        }
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
