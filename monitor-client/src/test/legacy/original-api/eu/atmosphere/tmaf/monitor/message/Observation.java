package eu.atmosphere.tmaf.monitor.message;

import java.io.Serializable;

/** Signatures of the original library's Observation; a compile-time stand-in only. */
public class Observation implements Serializable {

    public Observation() {
        throw new UnsupportedOperationException("signature stub");
    }

    public Observation(long time, double value) {
        throw new UnsupportedOperationException("signature stub");
    }

    public long getTime() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setTime(long time) {
        throw new UnsupportedOperationException("signature stub");
    }

    public double getValue() {
        throw new UnsupportedOperationException("signature stub");
    }

    public void setValue(double value) {
        throw new UnsupportedOperationException("signature stub");
    }
}
