package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.time.Duration;

/**
 * A probe process that sends one message with a {@link SynchronousClient} (one attempt) and prints the
 * status and the client's last error on two lines. Argument: the monitor URL.
 */
public final class DiagnosingProbe {

    private DiagnosingProbe() {
    }

    public static void main(String[] args) {
        SynchronousClient client = new SynchronousClient(ConnectionDiagnosisTest.oneAttempt(args[0]).build());
        System.out.println(client.send(message(client)));
        System.out.println(client.stats().lastError());
    }

    static Message message(MonitorClient client) {
        Message message = client.createMessage();
        message.setProbeId(5);
        message.setResourceId(5);
        message.addData(new Data(Data.Type.MEASUREMENT, 1, new Observation(MonitorClient.nowSeconds(), 1.0)));
        return message;
    }

    static Duration timeout() {
        return Duration.ofSeconds(2);
    }
}
