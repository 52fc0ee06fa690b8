package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;

/**
 * What {@code send} refuses for what a message contains, instead of the monitor refusing it later: values the
 * monitor would refuse or its consumers would corrupt. Non-finite values ({@code NaN}, infinities) have no JSON
 * form. By default ids and times must fit the knowledge base's 32-bit columns, as the monitor's default
 * acceptance profile demands; {@link ClientConfig.Builder#full64BitRange} widens them to schema v0.4.
 *
 * <pre>{@code
 * ContentRefusal refusal = SendChecks.check(message, false);   // null if the message can be sent
 * }</pre>
 */
final class SendChecks {

    /** Largest id and time the knowledge base stores (a 32-bit signed integer). */
    static final long MAX_32BIT = Integer.MAX_VALUE;

    private SendChecks() {
    }

    /**
     * @param message        the message about to be sent
     * @param full64BitRange whether ids and times may use the 64-bit range
     * @return why the first field that cannot be sent cannot be, or {@code null} if every field can
     */
    static ContentRefusal check(Message message, boolean full64BitRange) {
        long maxId = full64BitRange ? Long.MAX_VALUE : MAX_32BIT;
        ContentRefusal refusal = id("/probeId", message.getProbeId(), maxId);
        if (refusal == null) {
            refusal = id("/resourceId", message.getResourceId(), maxId);
        }
        for (int d = 0; refusal == null && d < message.getData().size(); d++) {
            Data data = message.getData().get(d);
            if (data != null) {
                refusal = data(data, "/data/" + d, maxId, full64BitRange);
            }
        }
        return refusal;
    }

    private static ContentRefusal data(Data data, String pointer, long maxId, boolean full64BitRange) {
        ContentRefusal refusal = id(pointer + "/descriptionId", data.getDescriptionId(), maxId);
        for (int o = 0; refusal == null && o < data.getObservations().size(); o++) {
            Observation observation = data.getObservations().get(o);
            if (observation != null) {
                String observationPointer = pointer + "/observations/" + o;
                refusal = time(observationPointer + "/time", observation.getTime(), full64BitRange);
                if (refusal == null) {
                    refusal = value(observationPointer + "/value", observation.getValue());
                }
            }
        }
        return refusal;
    }

    private static ContentRefusal id(String pointer, long id, long max) {
        if (id >= 0 && id <= max) {
            return null;
        }
        return new ContentRefusal(ContentRefusal.Cause.ID_OUT_OF_RANGE, pointer, pointer + " is " + id
                + ": it must be between 0 and " + max + (max == MAX_32BIT ? " (the knowledge base stores 32-bit ids;"
                + " see ClientConfig.Builder.full64BitRange for a monitor that accepts 64-bit ids)" : ""));
    }

    private static ContentRefusal time(String pointer, long time, boolean full64BitRange) {
        long min = full64BitRange ? 0 : 1;
        long max = full64BitRange ? Long.MAX_VALUE : MAX_32BIT;
        if (time >= min && time <= max) {
            return null;
        }
        String range = pointer + " is " + time + ": an observation time must be between " + min + " and " + max
                + " epoch seconds.";
        if (ObservationTimes.looksLikeMilliseconds(time)) {
            return new ContentRefusal(ContentRefusal.Cause.MILLISECOND_TIME, pointer, range
                    + " It looks like epoch milliseconds: send seconds, e.g. new Date().getTime() / 1000 (works with"
                    + " the original library too) or MonitorClient.nowSeconds().");
        }
        return new ContentRefusal(ContentRefusal.Cause.TIME_OUT_OF_RANGE, pointer, range
                + (full64BitRange ? "" : " The knowledge base stores 32-bit epoch seconds (up to 2038-01-19)."));
    }

    private static ContentRefusal value(String pointer, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            return null;
        }
        return new ContentRefusal(ContentRefusal.Cause.NON_FINITE_VALUE, pointer, pointer + " is " + value
                + ": JSON has no non-finite numbers and the monitor refuses them; send a finite value (e.g. skip"
                + " the observation when a division by zero gives NaN or Infinity)");
    }
}
