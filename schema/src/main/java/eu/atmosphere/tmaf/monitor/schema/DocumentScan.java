package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * The one streaming pass over a request body: reads every token once ({@link TokenReader}), with the
 * limits of {@link StrictJson}, and for every message (the document's object, or each item of its array)
 * records where its bytes are, its {@code probeId} and {@code resourceId} and whether the
 * {@link StructuralCheck.ObjectShape} of a message certainly accepts it. No tree is built. One scan
 * per body; not thread-safe.
 *
 * <pre>{@code
 * DocumentScan scan = DocumentScan.of(body, messageShape, 1000);
 * for (int i = 0; i < scan.size(); i++) {
 *     byte[] bytes = Arrays.copyOfRange(body, scan.start(i), scan.end(i));
 * }
 * }</pre>
 */
final class DocumentScan implements StructuralCheck.FieldObserver {

    /** What the document is. */
    enum Shape {
        /** One message object. */
        MESSAGE,
        /** An array: a batch, its items the messages (an item that is not an object is read all the same). */
        BATCH,
        /** Neither object nor array: a string, number, boolean or null. */
        SCALAR
    }

    private static final String PROBE_ID = "probeId";
    private static final String RESOURCE_ID = "resourceId";
    private static final byte CERTIFIED = 1;
    private static final byte HAS_PROBE_ID = 2;
    private static final byte HAS_RESOURCE_ID = 4;

    /** A guess of the bytes per batch item for the first capacity: a one-observation message has about 170. */
    private static final int BYTES_PER_ITEM_GUESS = 128;

    private final StructuralCheck.ObjectShape message;
    private Shape shape;
    private JsonToken scalar;
    private int size;
    private int[] starts = {};
    private int[] ends = {};
    private long[] probeIds = {};
    private long[] resourceIds = {};
    private byte[] flags = {};

    private DocumentScan(StructuralCheck.ObjectShape message) {
        this.message = message;
    }

    /**
     * @param body     the document, UTF-8 (a leading UTF-8 byte order mark is skipped)
     * @param message  the check of one message; {@link StructuralCheck.ObjectShape#UNCHECKED} certifies none
     * @param maxItems most items a batch may have: the scan stops at the item after them
     * @return the scan of the whole document
     * @throws MalformedJsonException    if the body is not exactly one well-formed JSON value, as
     *                                   {@link JsonDocumentParser#parse(byte[])} says; for a duplicate key the
     *                                   body is handed to that parser, so the problem is word for word its own
     * @throws TooManyMessagesException if the document is an array of more than {@code maxItems} items: thrown
     *                                   when item {@code maxItems + 1} starts, the rest is not read
     */
    static DocumentScan of(byte[] body, StructuralCheck.ObjectShape message, int maxItems)
            throws MalformedJsonException, TooManyMessagesException {
        DocumentScan scan = new DocumentScan(message);
        try {
            return StrictJson.read(StrictJson.STREAM_FACTORY, body, 0, body.length,
                    parser -> scan.document(new TokenReader(parser), body.length, maxItems));
        } catch (TokenReader.DuplicateFieldName e) {
            JsonDocumentParser.DEFAULT.parse(body);
            throw new IllegalStateException("the tree parser reads a body in which the scan found a "
                    + e.getMessage(), e);
        }
    }

    private DocumentScan document(TokenReader in, int length, int maxItems) throws IOException,
            TooManyMessagesException {
        JsonToken first = in.current();
        if (first == JsonToken.START_OBJECT) {
            shape = Shape.MESSAGE;
            allocate(1);
            item(in);
        } else if (first == JsonToken.START_ARRAY) {
            shape = Shape.BATCH;
            allocate(Math.min(maxItems, length / BYTES_PER_ITEM_GUESS + 1));
            while (in.next() != JsonToken.END_ARRAY) {
                if (size == maxItems) {
                    throw new TooManyMessagesException(maxItems);
                }
                item(in);
            }
        } else {
            shape = Shape.SCALAR;
            scalar = first;
            StructuralCheck.skip(in);
        }
        return this;
    }

    /** Reads one message (or batch item), the parser at its first token. */
    private void item(TokenReader in) throws IOException {
        if (size == starts.length) {
            allocate(size * 2);
        }
        starts[size] = (int) in.parser().currentTokenLocation().getByteOffset();
        boolean certified;
        if (in.current() == JsonToken.START_OBJECT) {
            certified = message.read(in, this);
        } else {
            StructuralCheck.skip(in);
            certified = false;
        }
        ends[size] = (int) in.parser().currentLocation().getByteOffset();
        if (certified) {
            flags[size] |= CERTIFIED;
        }
        size++;
    }

    /** Records the message's ids: its own top-level fields only, integer literals that fit a {@code long}. */
    @Override
    public void field(String name, JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return;
        }
        if (PROBE_ID.equals(name)) {
            probeIds[size] = parser.getLongValue();
            flags[size] |= HAS_PROBE_ID;
        } else if (RESOURCE_ID.equals(name)) {
            resourceIds[size] = parser.getLongValue();
            flags[size] |= HAS_RESOURCE_ID;
        }
    }

    /** Makes room for {@code capacity} messages, keeping those read. */
    private void allocate(int capacity) {
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        probeIds = Arrays.copyOf(probeIds, capacity);
        resourceIds = Arrays.copyOf(resourceIds, capacity);
        flags = Arrays.copyOf(flags, capacity);
    }

    /** @return what the document is */
    Shape shape() {
        return shape;
    }

    /** @return for a {@link Shape#SCALAR} document, its type as a JSON Schema names it: string, number, boolean, null */
    String scalarType() {
        return switch (scalar) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> "null";
        };
    }

    /** @return how many messages were read: 1 for a message, the items of a batch, 0 for a scalar */
    int size() {
        return size;
    }

    /** @return the index in the body of the message's first byte (its {@code '{'}) */
    int start(int index) {
        return starts[checked(index)];
    }

    /** @return the index in the body after the message's last byte (its {@code '}'}) */
    int end(int index) {
        return ends[checked(index)];
    }

    /** @return whether the structural check certainly accepts the message */
    boolean certified(int index) {
        return (flags[checked(index)] & CERTIFIED) != 0;
    }

    /** @return whether the message has a top-level {@code probeId} that is an integer literal fitting a {@code long} */
    boolean hasProbeId(int index) {
        return (flags[checked(index)] & HAS_PROBE_ID) != 0;
    }

    /** @return the message's {@code probeId}, if {@link #hasProbeId} */
    long probeId(int index) {
        return probeIds[checked(index)];
    }

    /** @return whether the message has a top-level {@code resourceId} that is an integer literal fitting a {@code long} */
    boolean hasResourceId(int index) {
        return (flags[checked(index)] & HAS_RESOURCE_ID) != 0;
    }

    /** @return the message's {@code resourceId}, if {@link #hasResourceId} */
    long resourceId(int index) {
        return resourceIds[checked(index)];
    }

    private int checked(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("message " + index + " of " + size);
        }
        return index;
    }
}
