package legacy;

import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.client.SynchronousClient;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A probe written for the original library, in its style (Java 8): calls every public method it offered to
 * probes. Argument: the monitor's URL ending in /monitor (TMA_MONITOR_URL is set to it too, for the
 * constructors without arguments). Prints one line per step; exits 1 at the first surprise.
 */
public class LegacyProbe {

    private static final int PROBE_ID = 1098;

    public static void main(String[] args) {
        String endpoint = args[0];
        int now = (int) (System.currentTimeMillis() / 1000);

        BackgroundClient client = new BackgroundClient(endpoint);
        check("not initialized before authenticate", !client.isInitialized());
        check("authenticate", client.authenticate(PROBE_ID, "pass".getBytes()));
        check("initialized after authenticate", client.isInitialized());
        check("start", client.start());

        Message message = client.createMessage();
        check("createMessage fills in the probe id", message.getProbeId() == PROBE_ID);
        message.setResourceId(101098);
        check("addData(type, id, time, value)", message.addData(Data.Type.MEASUREMENT, 34, now, 342.0));
        check("addData(data)", message.addData(new Data(Data.Type.EVENT, 33, new Observation(now, 724.0))));
        check("send", client.send(message) >= 1);

        Observation observation = new Observation();
        observation.setTime(now);
        observation.setValue(1.5);
        check("observation getters", observation.getTime() == now && observation.getValue() == 1.5);
        List<Observation> observations = new ArrayList<Observation>();
        observations.add(observation);
        Data data = new Data(Data.Type.fromValue("measurement"), 35, observations);
        check("Type.value", "measurement".equals(data.getType().value()));
        Data empty = new Data();
        empty.setType(Data.Type.EVENT);
        empty.setDescriptionId(36);
        empty.setObservations(observations);
        check("data getters", empty.getType() == Data.Type.EVENT && empty.getDescriptionId() == 36
                && empty.getObservations().size() == 1 && data.getObservations().get(0).getValue() == 1.5);
        List<Data> items = new ArrayList<Data>();
        items.add(data);
        items.add(empty);
        Message built = new Message(PROBE_ID, 101099, 0, now, items);
        Message copy = new Message();
        copy.setProbeId(built.getProbeId());
        copy.setResourceId(built.getResourceId());
        copy.setMessageId(built.getMessageId());
        copy.setSentTime(built.getSentTime());
        copy.setData(built.getData());
        check("message getters", copy.getResourceId() == 101099 && copy.getSentTime() == now
                && copy.getData().size() == 2 && copy.getMessageId() == 0);
        check("send a constructed message", client.send(copy) >= 1);
        System.out.println("toString " + copy + " " + data + " " + observation);

        try {
            check("stop delivers everything", client.stop());
        } catch (InterruptedException e) {
            fail("stop interrupted: " + e);
        } catch (ExecutionException e) {
            fail("stop failed: " + e.getCause());
        }
        client.shutdown();

        SynchronousClient synchronous = new SynchronousClient(endpoint);
        check("synchronous authenticate", synchronous.authenticate(PROBE_ID, "pass".getBytes()));
        Message direct = synchronous.createMessage();
        direct.setResourceId(101100);
        direct.addData(Data.Type.EVENT, 37, now, 8.0);
        check("synchronous send", synchronous.send(direct) > 0);

        BackgroundClient fromEnvironment = new BackgroundClient();
        SynchronousClient synchronousFromEnvironment = new SynchronousClient();
        check("clients from TMA_MONITOR_URL", !fromEnvironment.isInitialized()
                && !synchronousFromEnvironment.isInitialized() && fromEnvironment.shutdown());
        System.out.println("legacy probe done");
    }

    private static void check(String step, boolean ok) {
        if (!ok) {
            fail(step);
        }
        System.out.println("ok " + step);
    }

    private static void fail(String why) {
        System.out.println("FAILED " + why);
        System.exit(1);
    }
}
