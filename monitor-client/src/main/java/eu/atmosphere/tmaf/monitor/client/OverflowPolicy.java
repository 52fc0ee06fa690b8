package eu.atmosphere.tmaf.monitor.client;

/**
 * What {@link BackgroundClient#send} does when its backlog is full: the memory queue has
 * {@link ClientConfig.Builder#queueCapacity queueCapacity} messages, or the spool holds
 * {@link ClientConfig.Builder#spoolMaxBytes spoolMaxBytes}.
 *
 * <p>Whatever the policy, a message that is not accepted is never dropped silently: {@code send}
 * returns {@code -1}, {@link ClientStats#dropped()} counts it and a warning is logged.
 */
public enum OverflowPolicy {
    /** The new message is refused at once; the caller's thread never waits. The default. */
    DROP_NEWEST,
    /**
     * The caller waits up to {@link ClientConfig.Builder#blockTimeout blockTimeout} for room
     * (back-pressure on the probe), and the message is refused if none frees up in time.
     */
    BLOCK
}
