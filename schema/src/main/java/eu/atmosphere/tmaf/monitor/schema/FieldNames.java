package eu.atmosphere.tmaf.monitor.schema;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The field names of the objects a {@link TokenReader} is inside, innermost last, to find a duplicate key
 * without allocating for ordinary objects: an object's first {@value #LINEAR} names are compared one by one
 * (Jackson hands out one canonical {@code String} per name, so {@code equals} is mostly an identity check);
 * an object with more names gets a {@code HashSet} (whose buckets turn into trees when names collide, so no
 * input makes it quadratic). Not thread-safe; one per body.
 *
 * <pre>{@code
 * names.open();                        // START_OBJECT
 * boolean fresh = names.add("probeId"); // false: a duplicate key
 * names.close();                       // END_OBJECT
 * }</pre>
 */
final class FieldNames {

    /** Names per object compared one by one before a set takes over. */
    static final int LINEAR = 8;

    private String[] names = new String[4 * LINEAR];
    private int size;
    private int[] starts = new int[8];
    @SuppressWarnings("unchecked")
    private Set<String>[] sets = (Set<String>[]) new Set<?>[8];
    private int depth;

    /** Enters an object. */
    void open() {
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
            sets = Arrays.copyOf(sets, depth * 2);
        }
        starts[depth++] = size;
    }

    /**
     * @param name a field name of the innermost open object
     * @return {@code false} if that object already has a field of that name
     */
    boolean add(String name) {
        int start = starts[depth - 1];
        Set<String> set = sets[depth - 1];
        if (set != null) {
            return set.add(name);
        }
        for (int i = start; i < size; i++) {
            if (names[i].equals(name)) {
                return false;
            }
        }
        if (size - start == LINEAR) {
            set = new HashSet<>(Arrays.asList(names).subList(start, size));
            sets[depth - 1] = set;
            return set.add(name);
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
        }
        names[size++] = name;
        return true;
    }

    /** Leaves the innermost object. */
    void close() {
        depth--;
        size = starts[depth];
        sets[depth] = null;
    }
}
