package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Message;

/** Signatures of the original library's MonitorClient; a compile-time stand-in only. */
public abstract class MonitorClient {

    protected MonitorClient() {
        throw new UnsupportedOperationException("signature stub");
    }

    public MonitorClient(String endpoint) {
        throw new UnsupportedOperationException("signature stub");
    }

    public final boolean isInitialized() {
        throw new UnsupportedOperationException("signature stub");
    }

    public final Message createMessage() {
        throw new UnsupportedOperationException("signature stub");
    }

    public final boolean authenticate(int probeId, byte[] password) {
        throw new UnsupportedOperationException("signature stub");
    }

    protected final int post(Message message) {
        throw new UnsupportedOperationException("signature stub");
    }

    protected abstract int dispatch(Message message);

    public final int send(Message message) {
        throw new UnsupportedOperationException("signature stub");
    }
}
