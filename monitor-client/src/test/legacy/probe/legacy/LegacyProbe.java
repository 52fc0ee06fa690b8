package legacy;

import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.client.SynchronousClient;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
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

        // probe-client-java's loop, without try/catch: its first message divides by a duration of 0 s
        BackgroundClient loop = new BackgroundClient(endpoint);
        loop.start();
        check("a non-finite value is refused as a value, not thrown", loop.send(new Message(55, 55, 1, now,
                Arrays.asList(new Data(Data.Type.MEASUREMENT, 33, new Observation(now, 7.0 / 0))))) < 0);
        check("the loop keeps sending", loop.send(new Message(55, 55, 2, now,
                Arrays.asList(new Data(Data.Type.MEASUREMENT, 33, new Observation(now, 7.0))))) >= 1);
        Message restored = serializedAndReadBack(copy);
        check("a message read back from Java serialization is sent", loop.send(restored) >= 1);
        try {
            check("stop says not everything handed to send was stored", !loop.stop());
        } catch (InterruptedException e) {
            fail("stop interrupted: " + e);
        } catch (ExecutionException e) {
            fail("stop failed: " + e.getCause());
        }

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

    private static Message serializedAndReadBack(Message message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ObjectOutputStream out = new ObjectOutputStream(bytes);
            out.writeObject(message);
            out.close();
            return (Message) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        } catch (IOException | ClassNotFoundException e) {
            fail("serialization: " + e);
            return null;
        }
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
