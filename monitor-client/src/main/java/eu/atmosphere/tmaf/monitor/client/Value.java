package eu.atmosphere.tmaf.monitor.client;

import java.util.Arrays;

/**
 * What a record would give the client's immutable data classes, which cannot be records (the client runs on
 * Java 8): equal when of the same class with equal components, the hash of the components, and
 * {@code Name[component=value, ...]} as text. A subclass names its components once, in order:
 *
 * <pre>{@code
 * public final class Receipt extends Value {
 *     ...
 *     @Override
 *     Object[] components() {
 *         return new Object[] {"messageId", messageId, "partition", partition, "offset", offset};
 *     }
 * }
 * }</pre>
 */
abstract class Value {

    /** @return each component's name followed by its value */
    abstract Object[] components();

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(components(), ((Value) o).components());
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(components());
    }

    @Override
    public final String toString() {
        Object[] components = components();
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append('[');
        for (int i = 0; i < components.length; i += 2) {
            text.append(i == 0 ? "" : ", ").append(components[i]).append('=').append(components[i + 1]);
        }
        return text.append(']').toString();
    }
}
