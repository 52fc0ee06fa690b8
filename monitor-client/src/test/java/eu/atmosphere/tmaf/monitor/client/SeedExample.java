package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.Date;

/** The Java probe example of the original usage demo, unchanged (it never calls stop()). */
public final class SeedExample {

    private SeedExample() {
    }

    public static void main(String[] args) {
        BackgroundClient client = new BackgroundClient();
        client.authenticate(1098, "pass".getBytes());

        Message message;

        boolean start = client.start();
        message = client.createMessage();
        message.setResourceId(101098);

        long now = (new Date()).getTime();
        message.addData(new Data(Data.Type.EVENT, 33,
            new Observation(now, 724.0)));
        message.addData(new Data(Data.Type.MEASUREMENT, 34,
            new Observation(now, 342.0)));
        client.send(message);
    }
}
