package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * This client's TLS sockets with host name verification switched on in the handshake
 * ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}), so that the check does not depend on
 * the JVM-wide {@code HttpsURLConnection} default host name verifier that other code may have replaced.
 */
final class HostCheckingSocketFactory extends SSLSocketFactory {

    private static final String HTTPS_IDENTIFICATION = "HTTPS";

    private final SSLSocketFactory delegate;

    HostCheckingSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
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
        return checkingHost(delegate.createSocket(socket, host, port, autoClose));
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
