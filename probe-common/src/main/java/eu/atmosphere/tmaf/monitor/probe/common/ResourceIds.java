package eu.atmosphere.tmaf.monitor.probe.common;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Gives every named resource (a container, the host, a disk, a network interface) its
 * {@code resourceId}: the one configured for its name, else the one derived from the name. Derived ids
 * are stable (the same name always gives the same id, on every machine and after restarts) and fit the
 * 32-bit signed integer that downstream consumers read: {@code CRC-32(UTF-8 name) & 0x7fffffff}, e.g.
 * in Python {@code zlib.crc32(name.encode()) & 0x7fffffff}.
 *
 * <pre>{@code
 * ResourceIds ids = new ResourceIds(Map.of("web", 101098L));
 * ids.of("web");      // 101098
 * ids.of("db");       // ResourceIds.derive("db")
 * }</pre>
 */
public final class ResourceIds {

    /** The largest resourceId downstream consumers can read (they read it as a 32-bit int). */
    public static final long MAX = Integer.MAX_VALUE;

    private final Map<String, Long> configured;

    /**
     * @param configured resource name to resourceId
     * @throws IllegalArgumentException if an id is outside 0 to {@link #MAX}
     */
    public ResourceIds(Map<String, Long> configured) {
        this.configured = Map.copyOf(Objects.requireNonNull(configured, "configured"));
        this.configured.forEach((name, id) -> requireValid(id, "resource id of " + name));
    }

    /**
     * @param name the resource's name
     * @return its configured id, else {@link #derive(String)}
     */
    public long of(String name) {
        Long id = configured.get(name);
        return id != null ? id : derive(name);
    }

    /** @return whether {@code name} has a configured id */
    public boolean isConfigured(String name) {
        return configured.containsKey(name);
    }

    /**
     * @param name a resource name
     * @return {@code CRC-32(UTF-8 name) & 0x7fffffff}
     */
    public static long derive(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() & MAX;
    }

    /**
     * @param id   a resourceId
     * @param what what it is, for the message
     * @return {@code id}
     * @throws IllegalArgumentException if outside 0 to {@link #MAX}
     */
    public static long requireValid(long id, String what) {
        if (id < 0 || id > MAX) {
            throw new IllegalArgumentException(what + " must be 0.." + MAX + " (consumers read it as a 32-bit int): "
                    + id);
        }
        return id;
    }
}
