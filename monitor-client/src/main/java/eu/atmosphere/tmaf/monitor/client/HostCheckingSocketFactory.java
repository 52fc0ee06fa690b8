package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * This client's TLS sockets:
 * <ul>
 * <li>host name verification on in the handshake ({@code SSLParameters.setEndpointIdentificationAlgorithm
 *     ("HTTPS")}), so that it does not depend on the JVM-wide {@code HttpsURLConnection} default host name
 *     verifier that other code may have replaced;</li>
 * <li>the handshake bounded by the connect timeout, not the (longer) request timeout: a port that does not
 *     speak TLS (e.g. the monitor's plain-HTTP port) never answers a ClientHello. {@code HttpsURLConnection}
 *     layers TLS over its TCP socket on the caller's thread inside {@code connect()}; the caller then
 *     restores the request timeout with {@link #handshakeDone()}.</li>
 * </ul>
 */
final class HostCheckingSocketFactory extends SSLSocketFactory {

    private static final String HTTPS_IDENTIFICATION = "HTTPS";

    private final SSLSocketFactory delegate;
    private final int handshakeTimeoutMillis;
    private final ThreadLocal<Socket> handshaking = new ThreadLocal<>();

    HostCheckingSocketFactory(SSLSocketFactory delegate, int handshakeTimeoutMillis) {
        this.delegate = delegate;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /**
     * Called by the thread that created a connection after its {@code connect()} returned or failed.
     *
     * @param requestTimeoutMillis the read timeout for the rest of the exchange
     */
    void handshakeDone(int requestTimeoutMillis) throws IOException {
        Socket socket = handshaking.get();
        handshaking.remove();
        if (socket != null && !socket.isClosed()) {
            socket.setSoTimeout(requestTimeoutMillis);
        }
    }

    private static Socket checkingHost(Socket socket) {
        if (socket instanceof SSLSocket) {
            SSLSocket ssl = (SSLSocket) socket;
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(HTTPS_IDENTIFICATION);
            ssl.setSSLParameters(parameters);
        }
        return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        Socket layered = checkingHost(delegate.createSocket(socket, host, port, autoClose));
        layered.setSoTimeout(handshakeTimeoutMillis);
        handshaking.set(layered);
        return layered;
    }

    @Override
    public Socket createSocket() throws IOException {
        return checkingHost(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return checkingHost(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return checkingHost(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return checkingHost(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return checkingHost(delegate.createSocket(address, port, localAddress, localPort));
    }
}
