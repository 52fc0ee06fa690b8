package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Message;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** Signatures of the original library's BackgroundClient; a compile-time stand-in only. */
public class BackgroundClient extends MonitorClient implements Callable<Integer> {

    public BackgroundClient() {
        throw new UnsupportedOperationException("signature stub");
    }

    public BackgroundClient(String endpoint) {
        throw new UnsupportedOperationException("signature stub");
    }

    @Override
    public int dispatch(Message message) {
        throw new UnsupportedOperationException("signature stub");
    }

    public boolean start() {
        throw new UnsupportedOperationException("signature stub");
    }

    public boolean shutdown() {
        throw new UnsupportedOperationException("signature stub");
    }

    public boolean stop() throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("signature stub");
    }

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("signature stub");
    }
}
