package eu.atmosphere.tmaf.monitor.probe.docker;

import java.util.Map;

/**
 * What the Engine says about one container.
 *
 * @param id        full container id
 * @param name      name without the leading slash
 * @param running   whether it runs (a paused container runs)
 * @param status    the Engine's status word, e.g. {@code running}, {@code exited}
 * @param startedAt when the current (or last) run started; changes on every restart
 * @param labels    the container's labels
 */
record ContainerRef(String id, String name, boolean running, String status, String startedAt,
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
