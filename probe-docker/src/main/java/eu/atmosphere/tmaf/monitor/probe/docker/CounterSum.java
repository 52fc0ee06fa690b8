package eu.atmosphere.tmaf.monitor.probe.docker;

import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A counter summed over the block devices, interfaces or entries that report it: empty when none does, so that
 * a metric no entry reported stays absent instead of becoming 0.
 *
 * <pre>{@code
 * OptionalLong readBytes = CounterSum.over(entries, e -> e.op().equals("read") ? OptionalLong.of(e.bytes())
 *         : OptionalLong.empty());
 * }</pre>
 */
final class CounterSum {

    private CounterSum() {
    }

    /**
     * @param entries the entries
     * @param value   an entry's value, empty if the entry does not count
     * @return the sum of the values present, empty if none is
     */
    static <E> OptionalLong over(Iterable<E> entries, Function<E, OptionalLong> value) {
        long sum = 0;
        boolean found = false;
        for (E entry : entries) {
            OptionalLong v = value.apply(entry);
            if (v.isPresent()) {
                sum += v.getAsLong();
                found = true;
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }
}
