package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Thrown when a broker is started on a data directory that another process (or another broker in
 * this one) already uses. Nothing in the directory was changed. The message names the directory
 * and, when known, the process id that holds it, e.g.
 * {@code Kafka data directory /srv/tma/data/kafka is in use by process 4711}.
 */
public final class DataDirectoryInUseException extends EmbeddedKafkaException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final long holder;

    DataDirectoryInUseException(Path directory, OptionalLong holder) {
        super("Kafka data directory " + directory + " is in use by "
                + (holder.isPresent() ? "process " + holder.getAsLong() : "another process"));
        this.directory = directory;
        this.holder = holder.orElse(-1);
    }

    /** @return the directory, absolute */
    public Path directory() {
        return directory;
    }

    /** @return the process id that holds the directory, if it could be read */
    public OptionalLong holder() {
        return holder < 0 ? OptionalLong.empty() : OptionalLong.of(holder);
    }
}
