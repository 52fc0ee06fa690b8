package eu.atmosphere.tmaf.monitor.schema;

import java.util.Arrays;
import java.util.List;

/**
 * A request body read once by {@link MessageValidator#check(byte[], int, int)}: whether it is one message or a
 * batch, where each message's bytes are in the body, each message's ids, and every schema violation (none if
 * the document is valid). Immutable; it keeps a reference to the body it was checked from.
 *
 * <p>A message's bytes are kept exactly as sent: from its {@code '{'} to its {@code '}'}, every byte between
 * (whitespace, escapes, the spelling of numbers) unchanged. For a single message that is the body without a
 * UTF-8 byte order mark and the whitespace around the object; for a batch, each item without the array's
 * brackets, commas and the whitespace between items.
 *
 * <pre>{@code
 * CheckedDocument checked = validator.check(body, 1000, 101);
 * if (checked.valid()) {
 *     for (int i = 0; i < checked.size(); i++) {
 *         publish(checked.resourceId(i), checked.messageBytes(i));   // key, value
 *     }
 * } else {
 *     report(checked.violations(), checked.batch());
 * }
 * }</pre>
 */
public final class CheckedDocument {

    private final byte[] body;
    private final DocumentScan scan;
    private final List<Violation> violations;

    CheckedDocument(byte[] body, DocumentScan scan, List<Violation> violations) {
        this.body = body;
        this.scan = scan;
        this.violations = List.copyOf(violations);
    }

    /** @return whether the document is valid: {@link #violations()} is empty */
    public boolean valid() {
        return violations.isEmpty();
    }

    /**
     * @return the violations, at most the {@code maxViolations} asked for, in document order; for a batch each
     * pointer starts with the item index ({@code /3/probeId}); empty if the document is valid
     */
    public List<Violation> violations() {
        return violations;
    }

    /** @return whether the document is an array (a batch), valid or not; {@code false} for an object or a scalar */
    public boolean batch() {
        return scan.shape() == DocumentScan.Shape.BATCH;
    }

    /** @return how many messages the document holds: 1 for an object, the items of an array, 0 for anything else */
    public int size() {
        return scan.size();
    }

    /**
     * @param index a message's index, 0 for a single message
     * @return the index in the body of the message's first byte, its {@code '{'} (for a batch item that is not an
     * object, its first byte)
     */
    public int start(int index) {
        return scan.start(index);
    }

    /**
     * @param index a message's index, 0 for a single message
     * @return the index in the body after the message's last byte, its {@code '}'} (exclusive)
     */
    public int end(int index) {
        return scan.end(index);
    }

    /**
     * @param index a message's index, 0 for a single message
     * @return the message's bytes, {@link #start} to {@link #end}: the body array itself when the message is the
     * whole body, else a copy
     */
    public byte[] messageBytes(int index) {
        int start = scan.start(index);
        int end = scan.end(index);
        return start == 0 && end == body.length ? body : Arrays.copyOfRange(body, start, end);
    }

    /**
     * @param index a message's index, 0 for a single message
     * @return the message's {@code probeId}; always present in a valid document
     * @throws IllegalStateException if the message has no top-level {@code probeId} written as an integer that fits a
     *                               {@code long} (possible only in an invalid document)
     */
    public long probeId(int index) {
        if (!scan.hasProbeId(index)) {
            throw new IllegalStateException("message " + index + " has no integer probeId");
        }
        return scan.probeId(index);
    }

    /**
     * @param index a message's index, 0 for a single message
     * @return the message's {@code resourceId} (the record key); always present in a valid document
     * @throws IllegalStateException if the message has no top-level {@code resourceId} written as an integer that fits
     *                               a {@code long} (possible only in an invalid document)
     */
    public long resourceId(int index) {
        if (!scan.hasResourceId(index)) {
            throw new IllegalStateException("message " + index + " has no integer resourceId");
        }
        return scan.resourceId(index);
    }

    /** @return whether the streaming pass certified the message, so that everit never saw it */
    boolean certified(int index) {
        return scan.certified(index);
    }
}
