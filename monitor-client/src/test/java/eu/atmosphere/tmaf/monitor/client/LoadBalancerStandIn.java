package eu.atmosphere.tmaf.monitor.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on loopback as a probe meets it right after a monitor replica died: it accepts each
 * connection, and closes the first {@code closing} ones at once (haproxy handing a connection to a backend that
 * is gone); later ones it forwards to the monitor, byte for byte (TLS passes through).
 */
final class LoadBalancerStandIn implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final AtomicInteger closing;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private LoadBalancerStandIn(int closing, InetSocketAddress backend) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.backend = backend;
        this.closing = new AtomicInteger(closing);
        Thread acceptor = new Thread(this::accept, "load-balancer-stand-in");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param closing how many connections to close at once before forwarding
     * @param backendPort the monitor's port on loopback
     * @return the running stand-in
     */
    static LoadBalancerStandIn start(int closing, int backendPort) throws IOException {
        return new LoadBalancerStandIn(closing, new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort));
    }

    int port() {
        return listener.getLocalPort();
    }

    /** @return connections accepted so far */
    int accepted() {
        return accepted.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                if (closing.getAndDecrement() > 0) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(backend.getAddress(), backend.getPort());
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "load-balancer-stand-in-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(LoadBalancerStandIn::closeQuietly);
    }
}
