package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.MessageCodec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What every TMA Monitor client does: stamp, encode and hand over messages, and authenticate the
 * probe. Use {@link BackgroundClient} in probes (batches, retries, spool) and
 * {@link SynchronousClient} where the caller must know the outcome of each message.
 *
 * <pre>{@code
 * BackgroundClient client = new BackgroundClient();          // TMA_MONITOR_URL etc., see ClientConfig
 * client.authenticate(1098, "pass".getBytes());
 * client.start();
 * Message message = client.createMessage();                  // probeId and sentTime filled in
 * message.setResourceId(101098);
 * long now = MonitorClient.nowSeconds();
 * message.addData(new Data(Data.Type.MEASUREMENT, 34, new Observation(now, 342.0)));
 * client.send(message);                                      // stamps a unique messageId
 * }</pre>
 *
 * <p>Clients are thread-safe: one client per probe id, shared by every thread of the probe.
 */
public abstract class MonitorClient {

    /**
     * What {@link #send} returns for a message it did not accept: refused for its content, not delivered (a
     * {@link SynchronousClient} that could not reach the monitor), or not queued (a {@link BackgroundClient}
     * whose backlog is full or that is stopped). {@link #stats()} says how many and why.
     */
    public static final int NOT_ACCEPTED = -1;

    private static final ClientLog LOG = ClientLog.of(MonitorClient.class);

    final ClientConfig config;
    final StatsRecorder stats = new StatsRecorder();
    final Settlements settlements;
    final HttpTransport transport;
    final TokenAuthenticator auth;
    private final MessageIdSequence ids;
    private volatile long probeId;

    MonitorClient(ClientConfig config, MessageIdSequence ids) {
        this.config = Objects.requireNonNull(config, "config");
        this.ids = ids;
        this.settlements = new Settlements(stats, config.rejectionListener(), config.receiptListener());
        this.transport = new HttpTransport(config);
        this.auth = new TokenAuthenticator(transport, Clock.systemUTC());
        this.probeId = config.probeId();
        byte[] secret = config.secret();
        if (secret != null) {
            auth.bind(probeId, secret);
        }
        LOG.info("{} for {} ({}, probe {})", getClass().getSimpleName(), config.endpoint(),
                !config.endpoint().isHttps() ? "plain HTTP"
                        : config.insecureTrustAll() ? "TLS NOT verified"
                        : config.caFile() == null ? "TLS, system trust store" : "TLS, system trust store + "
                                + config.caFile(),
                probeId == ClientConfig.NO_PROBE ? "not set yet" : probeId + (secret == null ? ", anonymous" : ""));
    }

    /** @return the current time in epoch seconds, the unit of {@code Observation.time} and {@code sentTime} */
    public static long nowSeconds() {
        return Instant.now().getEpochSecond();
    }

    /**
     * @return whether the probe id is known (from {@link #authenticate} or the configuration), so that
     *         {@link #createMessage()} fills it in
     */
    public final boolean isInitialized() {
        return probeId != ClientConfig.NO_PROBE;
    }

    /**
     * @return a new message with this probe's id (if known) and {@code sentTime} set to now
     */
    public final Message createMessage() {
        Message message = new Message();
        if (isInitialized()) {
            message.setProbeId(probeId);
        }
        message.setSentTime(nowSeconds());
        return message;
    }

    /**
     * Sets the probe's credentials and exchanges them for a token at once. The credentials are kept
     * whatever the outcome: requests renew the token as needed, so a monitor that is not reachable yet
     * still gets the messages later.
     *
     * @param probeId the probe id
     * @param secret  the probe's secret (the bytes given to the monitor's credential store); copied
     * @return {@code true} if the monitor issued a token (or needs none); {@code false} if it refused the
     *         credentials (logged; messages will then be refused with 401) or could not be reached
     * @throws IllegalStateException if this client already authenticated as another probe
     */
    public final boolean authenticate(int probeId, byte[] secret) {
        if (probeId < 0) {
            throw new IllegalArgumentException("probeId must be >= 0");
        }
        auth.bind(probeId, Objects.requireNonNull(secret, "secret"));
        this.probeId = probeId;
        try {
            auth.renewNow();
            LOG.info("Authenticated as probe {} at {}", probeId, config.endpoint());
            return true;
        } catch (AuthenticationFailedException e) {
            Problem problem = e.response().problem();
            String refusal = Diagnosis.refusal(e.response().status(), problem);
            stats.error(refusal);
            LOG.warn("The monitor at {} did not accept the credentials of probe {}: {}", config.endpoint(), probeId,
                    refusal);
        } catch (IOException e) {
            String diagnosis = Diagnosis.closedByPeer(e) ? Diagnosis.transientClose(e, config.endpoint())
                    : Diagnosis.of(e, config.endpoint());
            stats.error(diagnosis);
            LOG.warn("Cannot authenticate probe {}: {}; the first request will try again", probeId, diagnosis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Sends a message: stamps a new {@code messageId} (unique per probe, also across restarts) and
     * {@code sentTime} (now, epoch seconds), encodes it, and delivers it as the subclass does. Changes
     * made to the message object afterwards are not sent.
     *
     * <p>Never throws for what the message contains. Values the monitor would refuse or its consumers would
     * corrupt are refused at once, as a value: non-finite values, ids and times outside the knowledge base's
     * 32-bit range (unless {@link ClientConfig.Builder#full64BitRange}); an observation time that looks like
     * epoch milliseconds says so. Such a message is not sent: {@code send} returns {@link #NOT_ACCEPTED}, it is
     * counted in {@link ClientStats#refusedByClient()}, handed to the {@link RejectionListener} (problem type
     * {@code urn:tma-monitor:problem:refused-by-client}, status 400, the field as the violation's pointer) and
     * logged at WARN once per cause every 10 s, naming the field and the fix.
     *
     * @param message the message
     * @return see {@link BackgroundClient} and {@link SynchronousClient}; {@link #NOT_ACCEPTED} (negative) if not
     *         accepted
     * @throws NullPointerException if {@code message} is null
     */
    public final int send(Message message) {
        Objects.requireNonNull(message, "message");
        ContentRefusal refusal = SendChecks.check(message, config.full64BitRange());
        if (refusal != null) {
            settlements.refusedByClient(message, refusal);
            return NOT_ACCEPTED;
        }
        long messageId = ids.next();
        message.setMessageId(messageId);
        message.setSentTime(nowSeconds());
        if (config.full64BitRange()) {
            ObservationTimes.warnOnceIfMilliseconds(message);
        }
        return dispatch(new QueuedMessage(messageId, MessageCodec.INSTANCE.toJson(message)));
    }

    /** @return a snapshot of this client's counters */
    public final ClientStats stats() {
        return stats.snapshot(queued(), spooled());
    }

    Delivery newDelivery(int maxAttempts, boolean waitOutTlsFailures) {
        return new Delivery(transport, auth, new Backoff(config.retryPolicy()), maxAttempts, waitOutTlsFailures,
                config.gzip(), stats, settlements, new AuthRetryWindow(config.authRetryWindow(), System::nanoTime));
    }

    abstract int dispatch(QueuedMessage message);

    abstract long queued();

    abstract long spooled();
}
