package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What {@code send} refuses at once, as a value, before anything is queued or sent. */
class SendChecksTest {

    private static final long NOW = 1_796_080_013L;

    private static Message message(Consumer<Message> change) {
        Message message = new Message();
        message.setProbeId(1098);
        message.setResourceId(101098);
        message.addData(new Data(Data.Type.MEASUREMENT, 4, new Observation(NOW, 37.5), new Observation(NOW, 1.0)));
        change.accept(message);
        return message;
    }

    private static String refusal(Message message) {
        ContentRefusal refusal = SendChecks.check(message, false);
        assertNotNull(refusal, "refused");
        String text = refusal.violation.message();
        assertTrue(text.startsWith(refusal.violation.pointer() + " is "), text);
        return text;
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheField() {
        assertTrue(refusal(message(m -> m.getData().get(0).getObservations().get(1).setValue(Double.NaN)))
                .startsWith("/data/0/observations/1/value is NaN"));
        assertTrue(refusal(message(m -> m.getData().get(0).getObservations().get(0)
                .setValue(Double.NEGATIVE_INFINITY))).startsWith("/data/0/observations/0/value is -Infinity"));
        assertEquals(ContentRefusal.Cause.NON_FINITE_VALUE, SendChecks.check(
                message(m -> m.getData().get(0).getObservations().get(0).setValue(Double.POSITIVE_INFINITY)), true).cause);
    }

    @Test
    void idsBeyondThirtyTwoBitsAreRefusedByDefault() {
        assertTrue(refusal(message(m -> m.setResourceId(4_294_967_297L))).startsWith("/resourceId is 4294967297"));
        assertTrue(refusal(message(m -> m.setProbeId(2_147_483_648L))).startsWith("/probeId is 2147483648"));
        assertTrue(refusal(message(m -> m.getData().get(0).setDescriptionId(2_147_483_648L)))
                .startsWith("/data/0/descriptionId is 2147483648"));
        assertTrue(refusal(message(m -> m.setResourceId(-1))).startsWith("/resourceId is -1"));
        assertNull(SendChecks.check(message(m -> m.setResourceId(2_147_483_647L)), false));
        assertNull(SendChecks.check(message(m -> m.setResourceId(4_294_967_297L)), true));
    }

    @Test
    void timesOutsideOneToThirtyTwoBitsAreRefusedWithAHintForMilliseconds() {
        String millis = refusal(message(m -> m.getData().get(0).getObservations().get(0).setTime(NOW * 1000)));
        assertTrue(millis.startsWith("/data/0/observations/0/time is 1796080013000"), millis);
        assertTrue(millis.contains("looks like epoch milliseconds: send seconds, e.g. new Date().getTime() / 1000 (works"
                + " with the original library too) or MonitorClient.nowSeconds()"), millis);
        String zero = refusal(message(m -> m.getData().get(0).getObservations().get(0).setTime(0)));
        assertTrue(zero.contains("between 1 and 2147483647"), zero);
        String y2038 = refusal(message(m -> m.getData().get(0).getObservations().get(1).setTime(2_147_483_648L)));
        assertTrue(y2038.contains("2038") && !y2038.contains("milliseconds"), y2038);
        assertNull(SendChecks.check(message(m -> m.getData().get(0).getObservations().get(0)
                .setTime(NOW * 1000)), true));
    }

    @Test
    void sendRefusesAsAValueCountsTellsTheListenerAndQueuesNothing() {
        List<Rejection> rejections = new ArrayList<>();
        ClientConfig config = ClientConfig.builder(Map.of()).endpoint("http://127.0.0.1:9")
                .rejectionListener(rejections::add).build();
        BackgroundClient client = new BackgroundClient(config);
        Message nan = message(m -> m.getData().get(0).getObservations().get(0).setValue(Double.NaN));
        assertEquals(MonitorClient.NOT_ACCEPTED, client.send(nan));
        assertEquals(MonitorClient.NOT_ACCEPTED, client.send(nan));
        assertEquals(MonitorClient.NOT_ACCEPTED, client.send(message(m -> m.getData().get(0).getObservations().get(1)
                .setTime(NOW * 1000))));
        ClientStats stats = client.stats();
        assertEquals(0, stats.queued());
        assertEquals(3, stats.refusedByClient());
        assertEquals(Map.of("refused by the client: non-finite value", 2L,
                "refused by the client: observation time in epoch milliseconds", 1L), stats.notStored());
        assertTrue(stats.lastError().startsWith("refused by the client, not sent: /data/0/observations/1/time is "),
                stats.lastError());
        assertEquals(3, rejections.size());
        Rejection first = rejections.get(0);
        assertEquals(nan, first.message());
        assertEquals(400, first.status());
        assertEquals(Settlements.REFUSED_BY_CLIENT, first.problem().type());
        assertEquals("/data/0/observations/0/value", first.violations().get(0).pointer());
        assertEquals("/data/0/observations/0/value", first.violations().get(0).messagePointer());
        client.shutdown();

        BackgroundClient wide = new BackgroundClient(ClientConfig.builder(Map.of("TMA_FULL_64BIT_RANGE", "true"))
                .endpoint("http://127.0.0.1:9").build());
        assertEquals(1, wide.send(message(m -> m.setResourceId(4_294_967_297L))));
        wide.shutdown();
    }

    @Test
    void aNullMessageIsAProgrammingError() {
        SynchronousClient client = new SynchronousClient(ClientConfig.builder(Map.of()).endpoint("http://127.0.0.1:9")
                .build());
        assertThrows(NullPointerException.class, () -> client.send(null));
    }
}
