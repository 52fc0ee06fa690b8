package eu.atmosphere.tmaf.monitor.message;

import java.io.Serializable;
import java.util.List;

/** Signatures of the original library's Message; a compile-time stand-in only. */
public class Message implements Serializable {

    public Message() {
        throw new UnsupportedOperationException("signature stub");
    }

    public Message(long probeId, long resourceId, long messageId, long sentTime, List<Data> data) {
        throw new UnsupportedOperationException("signature stub");
    }

    public long getProbeId() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setProbeId(long probeId) {
        throw new UnsupportedOperationException("signature stub");
    }

    public long getResourceId() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setResourceId(long resourceId) {
        throw new UnsupportedOperationException("signature stub");
    }

    public long getMessageId() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setMessageId(long messageId) {
        throw new UnsupportedOperationException("signature stub");
    }

    public long getSentTime() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setSentTime(long sentTime) {
        throw new UnsupportedOperationException("signature stub");
    }

    public List<Data> getData() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setData(List<Data> data) {
        throw new UnsupportedOperationException("signature stub");
    }

    public boolean addData(Data datum) {
        throw new UnsupportedOperationException("signature stub");
    }

    public boolean addData(Data.Type type, int descriptionId, int time, double value) {
        throw new UnsupportedOperationException("signature stub");
    }
}
