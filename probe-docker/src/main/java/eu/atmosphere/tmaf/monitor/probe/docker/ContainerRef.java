package eu.atmosphere.tmaf.monitor.probe.docker;

import java.util.Map;

/**
 * What the runtime says about one container.
 *
 * @param id      full container id
 * @param name    name: Docker's without the leading slash; on containerd {@code namespace/pod/container}
 *                from the Kubernetes labels, else the id
 * @param running whether it runs (a paused container runs)
 * @param status  the runtime's status word, e.g. {@code running}, {@code exited}
 * @param run     what tells the current (or last) run apart from the others: Docker's start time,
 *                containerd's task pid; changes on every restart
 * @param labels  the container's labels
 */
record ContainerRef(String id, String name, boolean running, String status, String run,
                    Map<String, String> labels) {

    /** Copies the labels. */
    ContainerRef {
        labels = Map.copyOf(labels);
    }

    /** @return the first 12 characters of the id, as the docker CLI shows it */
    String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
