package eu.atmosphere.tmaf.monitor.server.http;

/**
 * What a request's path means to the server, decided once per request by {@link RequestRules}
 * and read by everything after it: who may call it (credentials or not), which threads serve
 * it, whether it shares the open routes' slots, and its label in {@code /metrics}.
 *
 * <p>A path is compared as the routing sees it: percent-decoded, path parameters
 * ({@code ;name=value}) dropped, one trailing slash ignored. So {@code /monitor},
 * {@code /monitor/}, {@code /%6Donitor} and {@code /monitor;x=1} are all {@link #INGEST}.
 *
 * <pre>{@code
 * Route route = Route.of("/monitor/");     // INGEST
 * boolean needsProbe = route.needsProbe(); // true
 * }</pre>
 */
public enum Route {
    /** {@code /monitor}: publishing, served by the ingest (every method; POST publishes). */
    INGEST("/monitor", true, false),
    /** {@code /health/live}: served on a thread of its own, never behind other requests. */
    HEALTH_LIVE("/health/live", false, false),
    /** {@code /health/ready}: served on a thread of its own, never behind other requests. */
    HEALTH_READY("/health/ready", false, false),
    /** {@code /}: the probe-developer page. */
    PAGE("/", false, true),
    /** {@code /schema}: the JSON Schema. */
    SCHEMA("/schema", false, true),
    /** {@code /monitor/validate}: checks a message without storing it. */
    VALIDATE("/monitor/validate", false, true),
    /** {@code /monitor/auth}: exchanges credentials for a token (checks them itself). */
    AUTH("/monitor/auth", false, true),
    /** {@code /metrics}: Prometheus metrics. */
    METRICS("/metrics", false, true),
    /** Any other path: needs credentials (deny by default), then answered 404 by Jersey. */
    OTHER("other", true, true);

    private final String label;
    private final boolean needsProbe;
    private final boolean open;

    Route(String label, boolean needsProbe, boolean open) {
        this.label = label;
        this.needsProbe = needsProbe;
        this.open = open;
    }

    /**
     * @param path a request's path as sent (may be percent-encoded), without the query
     * @return the route it names
     */
    public static Route of(String path) {
        String normal = normalise(path);
        for (Route route : values()) {
            if (route != OTHER && route.label.equals(normal)) {
                return route;
            }
        }
        return OTHER;
    }

    /** @return the route's label in {@code /metrics} (its path, or {@code other}) */
    public String label() {
        return label;
    }

    /** @return whether a probe's credentials are required (when the server has a credentials file) */
    public boolean needsProbe() {
        return needsProbe;
    }

    /**
     * @return whether the route shares the open-route slots: everything but publishing and health, so
     *         anonymous traffic can hold only that many workers
     */
    public boolean open() {
        return open;
    }

    /** @return whether it is {@link #HEALTH_LIVE} or {@link #HEALTH_READY} */
    public boolean health() {
        return this == HEALTH_LIVE || this == HEALTH_READY;
    }

    private static String normalise(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ';') {
                while (i + 1 < path.length() && path.charAt(i + 1) != '/') {
                    i++;
                }
            } else if (c == '%' && i + 2 < path.length() && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
                out.append((char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2))));
                i += 2;
            } else {
                out.append(c);
            }
        }
        int end = out.length();
        if (end > 1 && out.charAt(end - 1) == '/') {
            out.setLength(end - 1);
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
