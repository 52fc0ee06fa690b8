package eu.atmosphere.tmaf.monitor.probe.common;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How often and how long a probe samples; a picocli mixin read by {@link ProbeLoop}.
 *
 * <pre>{@code
 * @Mixin LoopOptions loop;   // --interval, --count, --progress-interval
 * }</pre>
 */
public final class LoopOptions {

    @Option(names = "--interval", defaultValue = "${env:TMA_INTERVAL:-5s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Time between rounds, e.g. 500ms, 5s, 1m (env TMA_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", defaultValue = "${env:TMA_COUNT:-0}", paramLabel = "N",
            description = "Rounds to take, then deliver and exit; 0 = until stopped (env TMA_COUNT; "
                    + "default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--progress-interval", defaultValue = "${env:TMA_PROGRESS_INTERVAL:-30s}",
            paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between progress lines on standard output (env TMA_PROGRESS_INTERVAL; "
                    + "default ${DEFAULT-VALUE}).")
    Duration progressInterval;

    /**
     * Options set in code rather than parsed, e.g. in tests.
     *
     * @param interval         time between rounds, positive
     * @param count            rounds to take, 0 = until stopped
     * @param progressInterval time between progress lines, positive
     * @return the options
     * @throws IllegalArgumentException if a value is out of range
     */
    public static LoopOptions of(Duration interval, long count, Duration progressInterval) {
        LoopOptions options = new LoopOptions();
        options.interval = interval;
        options.count = count;
        options.progressInterval = progressInterval;
        options.validate();
        return options;
    }

    /** @return the time between rounds */
    public Duration interval() {
        return interval;
    }

    /** @return the rounds to take; 0 = until stopped */
    public long count() {
        return count;
    }

    /** @return the time between progress lines */
    public Duration progressInterval() {
        return progressInterval;
    }

    /**
     * @throws IllegalArgumentException if a value is out of range
     */
    void validate() {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("--interval must be positive");
        }
        if (count < 0) {
            throw new IllegalArgumentException("--count must be >= 0");
        }
        if (progressInterval.isZero() || progressInterval.isNegative()) {
            throw new IllegalArgumentException("--progress-interval must be positive");
        }
    }
}
