package eu.atmosphere.tmaf.monitor.message;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tma-m v0.4 message: observations about one resource, sent by one probe.
 *
 * <p>Setters never throw; whether a message is valid is decided by
 * the server (and its {@code MessageValidator} in {@code monitor-schema}).
 *
 * <pre>{@code
 * Message message = client.createMessage();   // probeId, messageId and sentTime filled in
 * message.setResourceId(101098);
 * long now = Instant.now().getEpochSecond();
 * message.addData(new Data(Data.Type.EVENT, 33, new Observation(now, 724.0)));
 * message.addData(new Data(Data.Type.MEASUREMENT, 34, new Observation(now, 342.0)));
 * }</pre>
 */
@JsonPropertyOrder({"probeId", "resourceId", "messageId", "sentTime", "data"})
public class Message implements Serializable {

    /** The original library's value (java-client-lib 0.2): what one library serialized, the other reads. */
    private static final long serialVersionUID = -3266346137732950545L;

    private long probeId;
    private long resourceId;
    private long messageId;
    private long sentTime;
    private final List<Data> data = new ArrayList<>();

    /** Creates an empty message; for JSON binding and setters. */
    public Message() {
    }

    /**
     * Creates a message.
     *
     * @param probeId    the sending probe
     * @param resourceId the observed resource
     * @param messageId  unique per probe
     * @param sentTime   epoch seconds
     * @param data       the data items, at least one for a valid message
     */
    public Message(long probeId, long resourceId, long messageId, long sentTime, List<Data> data) {
        this.probeId = probeId;
        this.resourceId = resourceId;
        this.messageId = messageId;
        this.sentTime = sentTime;
        setData(data);
    }

    /** @return the sending probe */
    public long getProbeId() {
        return probeId;
    }

    /** @param probeId the sending probe */
    public void setProbeId(long probeId) {
        this.probeId = probeId;
    }

    /** @return the observed resource */
    public long getResourceId() {
        return resourceId;
    }

    /** @param resourceId the observed resource */
    public void setResourceId(long resourceId) {
        this.resourceId = resourceId;
    }

    /** @return the message identifier, unique per probe */
    public long getMessageId() {
        return messageId;
    }

    /** @param messageId the message identifier, unique per probe */
    public void setMessageId(long messageId) {
        this.messageId = messageId;
    }

    /** @return when the message was sent, epoch seconds */
    public long getSentTime() {
        return sentTime;
    }

    /** @param sentTime when the message was sent, epoch seconds */
    public void setSentTime(long sentTime) {
        this.sentTime = sentTime;
    }

    /** @return the data items, a live list */
    public List<Data> getData() {
        return data;
    }

    /** @param data replaces the data items; {@code null} clears them */
    public void setData(List<Data> data) {
        this.data.clear();
        if (data != null) {
            this.data.addAll(data);
        }
    }

    /**
     * Appends a data item.
     *
     * @param item the data item
     * @return {@code true} (as {@link List#add}; the original library's signature)
     */
    public boolean addData(Data item) {
        return data.add(item);
    }

    /**
     * Appends a data item with one observation (the original library's shortcut).
     *
     * @param type          measurement or event
     * @param descriptionId what is observed
     * @param time          when, epoch seconds
     * @param value         the observed value
     * @return {@code true} (as {@link List#add})
     */
    public boolean addData(Data.Type type, int descriptionId, int time, double value) {
        return addData(new Data(type, descriptionId, new Observation(time, value)));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Message)) {
            return false;
        }
        Message other = (Message) o;
        return probeId == other.probeId
                && resourceId == other.resourceId
                && messageId == other.messageId
                && sentTime == other.sentTime
                && data.equals(other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(probeId, resourceId, messageId, sentTime, data);
    }

    @Override
    public String toString() {
        return "Message{probeId=" + probeId + ", resourceId=" + resourceId + ", messageId=" + messageId
                + ", sentTime=" + sentTime + ", data=" + data + '}';
    }
}
