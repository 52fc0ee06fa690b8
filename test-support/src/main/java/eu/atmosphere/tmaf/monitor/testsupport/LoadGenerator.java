package eu.atmosphere.tmaf.monitor.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives HTTP load over persistent connections, one thread per connection, with pre-built
 * request bytes.
 *
 * <ul>
 *   <li><b>Closed loop</b> (rate ≤ 0, "saturation"): every connection sends its next request as
 *       soon as the previous response arrived; latency is measured from the actual send.</li>
 *   <li><b>Open loop</b> (rate &gt; 0): request {@code n} is due at {@code start + n / rate},
 *       whichever connection is free takes it, and its latency is measured from that
 *       <em>intended</em> time, so a stalled server shows up in the percentiles instead of
 *       silently lowering the offered rate (no coordinated omission).</li>
 * </ul>
 *
 * <p>When the phase's time is up no new request is started, but every request already sent is
 * awaited: its outcome is counted, so acknowledged messages can be compared exactly with the
 * records in Kafka. A request whose connection failed before the response has an unknown
 * outcome and is counted as such. An open-loop request that could not even be sent within
 * {@link #LATE_GRACE} after the end of the phase (the server was too slow for the offered rate)
 * is counted as unsent: it never reached the server.
 *
 * <p>The one load driver of the project: {@code bench/run.sh}, the soak run of system-tests and
 * module benchmarks use it.
 *
 * <pre>{@code
 * Target target = Target.of("http://127.0.0.1:" + port + "/monitor", null);
 * byte[] request = RawHttp.postJson(target, json, null);
 * LoadGenerator.Result result = LoadGenerator.run(target, new LoadGenerator.Load("single, open loop",
 *         new byte[][] {request}, 1, 16, 500, Duration.ofSeconds(10)));
 * double p99 = result.latencyMillis(99);
 * }</pre>
 */
public final class LoadGenerator {

    /** How long past the end of an open-loop phase scheduled requests are still sent. */
    public static final Duration LATE_GRACE = Duration.ofSeconds(5);

    /**
     * One load phase.
     *
     * @param name               shown in reports
     * @param requests           complete HTTP requests, sent as they are: connection {@code i} sends
     *                           {@code requests[i % requests.length]} (e.g. one resource per connection)
     * @param messagesPerRequest messages in the body (1 for a single message, N for a batch)
     * @param connections        concurrent connections (= threads)
     * @param rate               offered requests per second; ≤ 0 for a closed loop
     * @param duration           how long requests are started
     */
    public record Load(String name, byte[][] requests, int messagesPerRequest, int connections, double rate,
                       Duration duration) {
        /** @return whether requests are sent at the offered rate (not as fast as answered) */
        public boolean openLoop() {
            return rate > 0;
        }
    }

    /**
     * What a phase did.
     *
     * @param load        the phase
     * @param sent        requests written to the server
     * @param ok          requests answered 200
     * @param statuses    other status codes and their counts
     * @param unknown     requests whose connection failed before a response (outcome unknown)
     * @param unsent      open loop only: scheduled requests never sent (server too slow for the rate)
     * @param elapsedNanos from the start to the last response
     * @param latencyMicros latency of the answered requests in microseconds (from the intended send time in an open loop)
     */
    public record Result(Load load, long sent, long ok, Map<Integer, Long> statuses, long unknown, long unsent,
                  long elapsedNanos, Histogram latencyMicros) {

        /** @return messages in the requests answered 200 */
        public long messagesOk() {
            return ok * load.messagesPerRequest();
        }

        /** @return seconds from the start to the last response */
        public double seconds() {
            return elapsedNanos / 1e9;
        }

        /** @return requests answered 200 per second */
        public double requestsPerSecond() {
            return ok / seconds();
        }

        /** @return messages answered 200 per second */
        public double messagesPerSecond() {
            return messagesOk() / seconds();
        }

        /** @return latency percentile in milliseconds */
        public double latencyMillis(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        /** @return requests answered with another status than 200 */
        public long failed() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private LoadGenerator() {
    }

    /**
     * Runs one phase to completion (all sent requests answered or failed).
     *
     * @throws IOException if not a single connection could be opened
     */
    public static Result run(Target target, Load load) throws IOException, InterruptedException {
        int n = load.connections();
        List<RawHttp.Connection> connections = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                connections.add(new RawHttp.Connection(target));
            }
        } catch (IOException e) {
            connections.forEach(RawHttp.Connection::close);
            throw e;
        }
        Worker[] workers = new Worker[n];
        PhaseClock clock = new PhaseClock(n);
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new Worker(target, load, load.requests()[i % load.requests().length], connections.get(i),
                    clock);
            threads[i] = new Thread(workers[i], "load-" + load.name() + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        long start = clock.startWhenReady();
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram latency = new Histogram(3_600_000_000L, 3);
        long sent = 0;
        long ok = 0;
        long unknown = 0;
        long lastDone = start;
        Map<Integer, Long> statuses = new TreeMap<>();
        for (Worker worker : workers) {
            latency.add(worker.latency);
            sent += worker.sent;
            ok += worker.ok;
            unknown += worker.unknown;
            lastDone = Math.max(lastDone, worker.lastDone);
            worker.statuses.forEach((status, count) -> statuses.merge(status, count, Long::sum));
        }
        long unsent = 0;
        if (load.openLoop()) {
            long scheduled = (long) Math.ceil(load.duration().toNanos() / (1e9 / load.rate()));
            unsent = Math.max(0, scheduled - sent);
        }
        return new Result(load, sent, ok, statuses, unknown, unsent, lastDone - start, latency);
    }

    /**
     * The time the workers of one phase share: every worker connects first, then all start at one instant, the
     * phase's time zero; in an open loop each takes the next request's slot from here.
     */
    private static final class PhaseClock {
        private final CountDownLatch ready;
        private final CountDownLatch go = new CountDownLatch(1);
        private final AtomicLong nextSlot = new AtomicLong();
        /** Written before {@link #go} opens and read after it: the latch orders the two. */
        private long start;

        PhaseClock(int workers) {
            ready = new CountDownLatch(workers);
        }

        /** For the phase: waits until every worker is ready, then starts them. @return the start, nanoTime */
        long startWhenReady() throws InterruptedException {
            ready.await();
            start = System.nanoTime();
            go.countDown();
            return start;
        }

        /** For a worker: says it is ready and waits for the start. @return the start, nanoTime */
        long awaitStart() throws InterruptedException {
            ready.countDown();
            go.await();
            return start;
        }

        /** @return the number of the open loop's next request, 0 first */
        long nextSlot() {
            return nextSlot.getAndIncrement();
        }
    }

    private static final class Worker implements Runnable {
        private final Target target;
        private final Load load;
        private final byte[] request;
        private final PhaseClock clock;
        private final Histogram latency = new Histogram(3_600_000_000L, 3);
        private final Map<Integer, Long> statuses = new TreeMap<>();
        private RawHttp.Connection connection;
        private long sent;
        private long ok;
        private long unknown;
        private long lastDone;

        Worker(Target target, Load load, byte[] request, RawHttp.Connection connection, PhaseClock clock) {
            this.target = target;
            this.load = load;
            this.request = request;
            this.connection = connection;
            this.clock = clock;
        }

        @Override
        public void run() {
            try {
                long begin = clock.awaitStart();
                long end = begin + load.duration().toNanos();
                if (load.openLoop()) {
                    openLoop(begin, end);
                } else {
                    closedLoop(end);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
        }

        private void closedLoop(long end) {
            while (System.nanoTime() < end) {
                long sentAt = System.nanoTime();
                exchange(sentAt);
            }
        }

        private void openLoop(long begin, long end) {
            double period = 1e9 / load.rate();
            long giveUp = end + LATE_GRACE.toNanos();
            while (true) {
                long intended = begin + (long) (clock.nextSlot() * period);
                if (intended >= end || System.nanoTime() > giveUp) {
                    return;
                }
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                exchange(intended);
            }
        }

        /** Sends one request; latency counts from {@code from}. */
        private void exchange(long from) {
            if (connection == null && !reconnect()) {
                return;
            }
            sent++;
            try {
                RawHttp.Response response = connection.exchange(request);
                int status = response.status();
                long done = System.nanoTime();
                lastDone = done;
                latency.recordValue(Math.max(0, (done - from) / 1000));
                if (status == 200) {
                    ok++;
                } else {
                    statuses.merge(status, 1L, Long::sum);
                }
                if (!response.keepAlive()) {
                    connection.close();
                    connection = null;
                }
            } catch (IOException e) {
                lastDone = System.nanoTime();
                unknown++;
                connection.close();
                connection = null;
            }
        }

        private boolean reconnect() {
            try {
                connection = new RawHttp.Connection(target);
                return true;
            } catch (IOException e) {
                LockSupport.parkNanos(50_000_000L);
                return false;
            }
        }
    }
}
