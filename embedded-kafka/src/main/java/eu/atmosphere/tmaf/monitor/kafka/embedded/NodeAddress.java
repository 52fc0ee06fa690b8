package eu.atmosphere.tmaf.monitor.kafka.embedded;

/**
 * Where one KRaft node listens on the loopback interface: its client (broker) port and its
 * controller (Raft quorum) port.
 */
record NodeAddress(int nodeId, int brokerPort, int controllerPort) {

    static final String HOST = "127.0.0.1";

    NodeAddress {
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
