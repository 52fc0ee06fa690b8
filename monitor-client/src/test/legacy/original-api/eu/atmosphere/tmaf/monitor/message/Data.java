package eu.atmosphere.tmaf.monitor.message;

import java.io.Serializable;
import java.util.List;

/** Signatures of the original library's Data; a compile-time stand-in only. */
public class Data implements Serializable {

    public Data() {
        throw new UnsupportedOperationException("signature stub");
    }

    public Data(Data.Type type, long descriptionId, List<Observation> observations) {
        throw new UnsupportedOperationException("signature stub");
    }

    public Data(Data.Type type, long descriptionId, Observation... observations) {
        throw new UnsupportedOperationException("signature stub");
    }

    public Data.Type getType() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setType(Data.Type type) {
        throw new UnsupportedOperationException("signature stub");
    }

    public long getDescriptionId() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setDescriptionId(long descriptionId) {
        throw new UnsupportedOperationException("signature stub");
    }

    public List<Observation> getObservations() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setObservations(List<Observation> observations) {
        throw new UnsupportedOperationException("signature stub");
    }

    public enum Type {
        MEASUREMENT,
        EVENT;

        public String value() {
            throw new UnsupportedOperationException("signature stub");
        }

        public static Data.Type fromValue(String value) {
            throw new UnsupportedOperationException("signature stub");
        }
    }
}
