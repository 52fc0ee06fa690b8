package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Message;

/** Signatures of the original library's SynchronousClient; a compile-time stand-in only. */
public class SynchronousClient extends MonitorClient {

    public SynchronousClient() {
        throw new UnsupportedOperationException("signature stub");
    }

    public SynchronousClient(String endpoint) {
        throw new UnsupportedOperationException("signature stub");
    }

    @Override
    public int dispatch(Message message) {
        throw new UnsupportedOperationException("signature stub");
    }
}
