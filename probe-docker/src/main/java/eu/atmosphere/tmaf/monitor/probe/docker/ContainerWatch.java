package eu.atmosphere.tmaf.monitor.probe.docker;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the probe knows about one watched container between rounds: whether it exists and runs, which
 * run it is attached to (id and start time or task pid), and that run's previous sample for the CPU
 * percentage. Logs each change once: waiting for a container that does not exist yet or is stopped,
 * attached, re-attached after a restart.
 */
final class ContainerWatch {

    /** Where the watched container is. */
    enum State { NEW, MISSING, STOPPED, ATTACHED }

    private static final Logger LOG = LoggerFactory.getLogger(ContainerWatch.class);

    private final String selector;
    private State state = State.NEW;
    private String run;
    private ContainerStats previous;
    private int attachments;

    /** @param selector the name or id the container is watched by */
    ContainerWatch(String selector) {
        this.selector = selector;
    }

    /**
     * Records what the runtime said about the container this round.
     *
     * @param container the container, or empty if it does not exist
     * @param resourceId the resourceId its samples get, for the log
     * @return whether to sample it: it runs
     */
    boolean observe(Optional<ContainerRef> container, long resourceId) {
        if (container.isEmpty()) {
            moveTo(State.MISSING, "Container " + selector + " does not exist (yet); waiting for it");
            return false;
        }
        ContainerRef ref = container.get();
        if (!ref.running()) {
            moveTo(State.STOPPED, "Container " + selector + " is " + ref.status() + "; waiting for it to run");
            return false;
        }
        String thisRun = ref.id() + "@" + ref.run();
        if (state != State.ATTACHED || !thisRun.equals(run)) {
            attachments++;
            previous = null;
            LOG.info("{} container {} (id {}, run {}) as resourceId {}",
                    attachments == 1 ? "Attached to" : "Re-attached to", ref.name(), ref.shortId(), ref.run(),
                    resourceId);
            state = State.ATTACHED;
            run = thisRun;
        }
        return true;
    }

    /**
     * @param current this round's sample of the attached run
     * @return the previous round's sample of the same run, if any; {@code current} becomes the previous
     */
    ContainerStats advance(ContainerStats current) {
        ContainerStats last = previous;
        previous = current;
        return last;
    }

    /** Forgets the run: it ended between inspect and stats. */
    void lost() {
        moveTo(State.STOPPED, "Container " + selector + " stopped; waiting for it to run again");
    }

    /** @return the current state */
    State state() {
        return state;
    }

    /** @return how often the probe attached to a run of this container (1 + re-attachments) */
    int attachments() {
        return attachments;
    }

    private void moveTo(State next, String message) {
        if (state != next) {
            LOG.info(message);
            state = next;
            previous = null;
        }
    }
}
