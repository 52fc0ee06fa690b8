package eu.atmosphere.tmaf.monitor.systemtest;

import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.client.MonitorClient;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A probe sending at a fixed rate through a {@link BackgroundClient} on one thread (so message ids increase in
 * send order), {@code perTick} messages every {@code tick}, spread over {@code resources} resource ids (so the
 * records spread over the topic's partitions). It keeps the id of every message {@code send} accepted (returned
 * at least 1) and counts the ones it refused (-1).
 */
final class LoadProbe {

    static final long FIRST_RESOURCE = 101_000;

    private final BackgroundClient client;
    private final int perTick;
    private final Duration tick;
    private final int resources;
    private final List<Long> accepted = new ArrayList<>();
    private final AtomicInteger refusedBySend = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    LoadProbe(BackgroundClient client, int perTick, Duration tick, int resources) {
        this.client = client;
        this.perTick = perTick;
        this.tick = tick;
        this.resources = resources;
        this.thread = new Thread(this::run, "load-probe");
    }

    LoadProbe start() {
        thread.start();
        return this;
    }

    private void run() {
        long next = System.nanoTime();
        long i = 0;
        while (running) {
            for (int n = 0; n < perTick; n++, i++) {
                Message message = client.createMessage();
                message.setResourceId(FIRST_RESOURCE + i % resources);
                long now = MonitorClient.nowSeconds();
                message.addData(new Data(Data.Type.MEASUREMENT, 1, new Observation(now, i)));
                if (client.send(message) > 0) {
                    synchronized (accepted) {
                        accepted.add(message.getMessageId());
                    }
                } else {
                    refusedBySend.incrementAndGet();
                }
            }
            next += tick.toNanos();
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    /** Stops sending and waits for the sending thread. */
    LoadProbe stop() throws InterruptedException {
        running = false;
        thread.join();
        return this;
    }

    /** @return the ids of the messages {@code send} accepted, in send order */
    List<Long> accepted() {
        synchronized (accepted) {
            return new ArrayList<>(accepted);
        }
    }

    int acceptedCount() {
        synchronized (accepted) {
            return accepted.size();
        }
    }

    int refusedBySend() {
        return refusedBySend.get();
    }
}
