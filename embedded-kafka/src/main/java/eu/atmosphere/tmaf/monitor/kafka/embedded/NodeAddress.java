package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one KRaft node listens on the loopback interface: its client (broker) port, its
 * controller (Raft quorum) port and the ports of its extra client listeners (listener name to
 * port, e.g. {@code SASL -> 41234}). Public for
 * {@link ServerProperties}' configuration of a node run outside this JVM:
 *
 * <pre>{@code
 * NodeAddress node1 = new NodeAddress(1, 41001, 41002);   // node id, broker port, controller port
 * }</pre>
 *
 * @param nodeId         the node's {@code node.id}, {@code >= 0}
 * @param brokerPort     the port clients connect to
 * @param controllerPort the port of the controller quorum, not the broker port
 * @param listenerPorts  the ports of the extra client listeners by listener name
 */
public record NodeAddress(int nodeId, int brokerPort, int controllerPort, Map<String, Integer> listenerPorts) {

    static final String HOST = "127.0.0.1";

    /** A node without extra listeners. */
    public NodeAddress(int nodeId, int brokerPort, int controllerPort) {
        this(nodeId, brokerPort, controllerPort, Map.of());
    }

    /** Checks the ports and the id, and copies the listeners. */
    public NodeAddress {
        listenerPorts = Collections.unmodifiableMap(new LinkedHashMap<>(listenerPorts));
        listenerPorts.forEach(NodeAddress::checkPort);
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be >= 0: " + nodeId);
        }
        checkPort("brokerPort", brokerPort);
        checkPort("controllerPort", controllerPort);
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException("brokerPort and controllerPort must differ: " + brokerPort);
        }
    }

    /** {@code 127.0.0.1:brokerPort}, the address clients connect to. */
    String bootstrapAddress() {
        return HOST + ":" + brokerPort;
    }

    /**
     * @param listener the name of an extra listener
     * @return {@code 127.0.0.1:port} of that listener
     * @throws IllegalArgumentException if this node has no such listener
     */
    String bootstrapAddress(String listener) {
        Integer port = listenerPorts.get(listener);
        if (port == null) {
            throw new IllegalArgumentException("no listener " + listener + "; the extra listeners are "
                    + listenerPorts.keySet());
        }
        return HOST + ":" + port;
    }

    /** {@code nodeId@127.0.0.1:controllerPort}, this node's entry in {@code controller.quorum.voters}. */
    String voter() {
        return nodeId + "@" + HOST + ":" + controllerPort;
    }

    private static void checkPort(String name, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be in 1..65535: " + port);
        }
    }
}
