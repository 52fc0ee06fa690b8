package eu.atmosphere.tmaf.monitor.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The monitor's base URL and the two resources under it. Accepts either the base
 * ({@code https://monitor.example:32025}) or the resource ({@code https://monitor.example:32025/monitor}),
 * with or without a trailing slash.
 */
final class Endpoint {

    static final String DEFAULT_URL = "http://127.0.0.1:32025";
    private static final String MONITOR_PATH = "/monitor";

    private final URI base;

    private Endpoint(URI base) {
        this.base = base;
    }

    static Endpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a monitor URL: " + url, e);
        }
        String scheme = uri.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException("the monitor URL needs http(s)://host[:port]: " + url);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(MONITOR_PATH)) {
            path = path.substring(0, path.length() - MONITOR_PATH.length());
        }
        return new Endpoint(URI.create(scheme.toLowerCase() + "://" + uri.getRawAuthority() + path));
    }

    URI base() {
        return base;
    }

    URI monitor() {
        return URI.create(base + MONITOR_PATH);
    }

    URI auth() {
        return URI.create(base + MONITOR_PATH + "/auth");
    }

    boolean isHttps() {
        return "https".equals(base.getScheme());
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
