package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;

/**
 * What {@code send} refuses at once, with an {@link IllegalArgumentException} naming the field (as a JSON
 * pointer into the message), instead of the monitor refusing the message later: values the monitor would
 * refuse or its consumers would corrupt. Non-finite values ({@code NaN}, infinities) have no JSON form.
 * By default ids and times must fit the knowledge base's 32-bit columns, as the monitor's default
 * acceptance profile demands; {@link ClientConfig.Builder#full64BitRange} widens them to schema v0.4.
 *
 * <pre>{@code
 * SendChecks.check(message, false);   // throws IllegalArgumentException: "/data/0/observations/0/value is NaN ..."
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
     * @throws IllegalArgumentException naming the first field that cannot be sent
     */
    static void check(Message message, boolean full64BitRange) {
        long maxId = full64BitRange ? Long.MAX_VALUE : MAX_32BIT;
        id("/probeId", message.getProbeId(), maxId);
        id("/resourceId", message.getResourceId(), maxId);
        for (int d = 0; d < message.getData().size(); d++) {
            Data data = message.getData().get(d);
            if (data == null) {
                continue;
            }
            String dataPointer = "/data/" + d;
            id(dataPointer + "/descriptionId", data.getDescriptionId(), maxId);
            for (int o = 0; o < data.getObservations().size(); o++) {
                Observation observation = data.getObservations().get(o);
                if (observation != null) {
                    String pointer = dataPointer + "/observations/" + o;
                    time(pointer + "/time", observation.getTime(), full64BitRange);
                    value(pointer + "/value", observation.getValue());
                }
            }
        }
    }

    private static void id(String pointer, long id, long max) {
        if (id < 0 || id > max) {
            throw new IllegalArgumentException(pointer + " is " + id + ": it must be between 0 and " + max
                    + (max == MAX_32BIT ? " (the knowledge base stores 32-bit ids; see ClientConfig.Builder"
                    + ".full64BitRange for a monitor that accepts 64-bit ids)" : ""));
        }
    }

    private static void time(String pointer, long time, boolean full64BitRange) {
        long min = full64BitRange ? 0 : 1;
        long max = full64BitRange ? Long.MAX_VALUE : MAX_32BIT;
        if (time >= min && time <= max) {
            return;
        }
        String hint = ObservationTimes.looksLikeMilliseconds(time)
                ? " It looks like epoch milliseconds: use epoch seconds (MonitorClient.nowSeconds())."
                : full64BitRange ? "" : " The knowledge base stores 32-bit epoch seconds (up to 2038-01-19).";
        throw new IllegalArgumentException(pointer + " is " + time + ": an observation time must be between "
                + min + " and " + max + " epoch seconds." + hint);
    }

    private static void value(String pointer, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(pointer + " is " + value
                    + ": JSON has no non-finite numbers and the monitor refuses them; send a finite value");
        }
    }
}
