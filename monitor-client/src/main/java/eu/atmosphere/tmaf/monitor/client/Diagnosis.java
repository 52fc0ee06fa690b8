package eu.atmosphere.tmaf.monitor.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a failed request into one line of cause and fix, naming the setting to check
 * ({@code TMA_MONITOR_URL}, {@code TMA_CA_FILE}, {@code TMA_PROBE_ID}, {@code TMA_PROBE_SECRET(_FILE)}).
 *
 * <pre>{@code
 * Diagnosis.of(e, endpoint)   // "connection refused: nothing listens at 127.0.0.1:32025; start the monitor or
 *                             //  correct the port in TMA_MONITOR_URL"
 * }</pre>
 */
final class Diagnosis {

    private static final String URL_SETTING = "TMA_MONITOR_URL";
    /** The monitor's answer to a plain-HTTP request on its TLS port. */
    private static final String HTTPS_REQUIRED = "urn:tma-monitor:problem:https-required";

    private Diagnosis() {
    }

    /**
     * @param e        why a request failed
     * @param endpoint the monitor's endpoint
     * @return what happened and what to do, one line
     */
    static String of(IOException e, Endpoint endpoint) {
        URI base = endpoint.base();
        String address = base.getHost() + ":" + port(base);
        String text = messages(e);
        if (find(e, UnknownHostException.class) != null) {
            return "unknown host " + base.getHost() + ": correct the host name in " + URL_SETTING + " (" + endpoint + ")";
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
            return "connection refused: nothing listens at " + address + "; start the monitor or correct the port in "
                    + URL_SETTING + " (" + endpoint + ")";
        }
        if (find(e, SocketTimeoutException.class) != null && text.contains("connect timed out")) {
            return "no answer from " + address + " within the connect timeout: check the host, the port and firewalls ("
                    + URL_SETTING + " " + endpoint + ")";
        }
        if (endpoint.isHttps()) {
            String tls = tlsDiagnosis(e, text, address, base.getHost());
            if (tls != null) {
                return tls;
            }
        } else if (closedWithoutAnswer(e, text)) {
            return address + " closed the connection without an HTTP answer: it is not a plain-HTTP monitor port."
                    + " For the monitor's TLS port use https:// in " + URL_SETTING + "; a Kafka broker or another"
                    + " service is not the monitor (" + endpoint + ")";
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return "the monitor at " + address + " did not answer within the request timeout (" + simple(e) + ")";
        }
        return simple(e) + " (" + endpoint + ")";
    }

    /**
     * @param e why a request failed
     * @return whether the other side closed the connection before answering (EOF or reset, also during the TLS
     *         handshake): a wrong address when it always happens, a load balancer's backend that just went away
     *         when it happens once
     */
    static boolean closedByPeer(IOException e) {
        return closedWithoutAnswer(e, messages(e)) && find(e, ConnectException.class) == null;
    }

    /**
     * @param e        a failure for which {@link #closedByPeer} holds
     * @param endpoint the monitor's endpoint
     * @return the one line for a single such failure: transient, no configuration hint
     */
    static String transientClose(IOException e, Endpoint endpoint) {
        URI base = endpoint.base();
        return "transient: " + base.getHost() + ":" + port(base) + " closed the connection before answering"
                + (find(e, SSLException.class) != null ? " (during the TLS handshake)" : "")
                + ", as a load balancer does whose backend just went away (" + simple(e) + ")";
    }

    /**
     * @param status  the status of a refusal
     * @param problem the monitor's explanation
     * @return the status, problem type and detail, and for 401/403 and a plain request to the TLS port the
     *         settings to check
     */
    static String refusal(int status, Problem problem) {
        String what = status + " " + problem.type() + " (" + problem.title()
                + (problem.detail() == null ? "" : ": " + problem.detail()) + ")";
        if (status == 401) {
            return what + ": check the probe id and secret (TMA_PROBE_ID and TMA_PROBE_SECRET or"
                    + " TMA_PROBE_SECRET_FILE) against the monitor's credentials (probes add)";
        }
        if (status == 403) {
            return what + ": the message's probeId must be the authenticated probe's (TMA_PROBE_ID)";
        }
        if (HTTPS_REQUIRED.equals(problem.type())) {
            return what + ": use https:// in " + URL_SETTING;
        }
        return what;
    }

    private static String tlsDiagnosis(IOException e, String text, String address, String host) {
        if (find(e, CertPathValidatorException.class) != null || text.contains("unable to find valid certification path")
                || text.contains("pkix path")) {
            return "TLS: the monitor's certificate at " + address + " is not trusted: set TMA_CA_FILE to the PEM file of"
                    + " the CA that issued it (" + simple(e) + ")";
        }
        if (text.contains("no subject alternative") || text.contains("no name matching")) {
            return "TLS: the monitor's certificate does not name " + host + ": use a host name the certificate names"
                    + " in " + URL_SETTING + " (" + simple(e) + ")";
        }
        if (text.contains("no answer to the tls handshake")) {
            return "TLS: " + address + " did not answer the TLS handshake within the connect timeout: a plain-HTTP"
                    + " port? Use http:// in " + URL_SETTING + ", or the monitor's TLS port";
        }
        if (text.contains("unrecognized ssl message") || text.contains("plaintext connection")) {
            return "TLS: " + address + " does not speak TLS (a plain-HTTP port?): use http:// in " + URL_SETTING
                    + " or the monitor's TLS port";
        }
        if (find(e, SSLException.class) != null && closedWithoutAnswer(e, text)) {
            return "TLS: " + address + " closed the connection during the TLS handshake: it is not a TLS monitor"
                    + " port (a plain-HTTP port needs http://; a Kafka broker or another service is not the monitor);"
                    + " check " + URL_SETTING;
        }
        if (find(e, SSLHandshakeException.class) != null || find(e, CertificateException.class) != null) {
            return "TLS handshake with " + address + " failed (" + simple(e) + "): check TMA_CA_FILE and "
                    + URL_SETTING;
        }
        return null;
    }

    private static boolean closedWithoutAnswer(IOException e, String text) {
        return find(e, EOFException.class) != null || text.contains("unexpected end of file")
                || text.contains("connection reset") || text.contains("remote host terminated")
                || text.contains("broken pipe")
                // HttpURLConnection's words when the peer closed while the request was still being written
                || text.contains("error writing to server")
                || find(e, SocketException.class) != null && text.contains("closed");
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append(' ');
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }

    private static String simple(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
