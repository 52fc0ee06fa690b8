package eu.atmosphere.tmaf.monitor.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The tma-m v0.4 message JSON Schema (draft-07), shipped as a classpath resource.
 *
 * <pre>{@code
 * String schemaJson = MessageSchema.text();   // e.g. to serve it at GET /schema
 * }</pre>
 */
public final class MessageSchema {

    /** Classpath location of the schema. */
    public static final String RESOURCE = "/eu/atmosphere/tmaf/monitor/schema/tma-m-message-v0.4.schema.json";

    private static final byte[] BYTES = load();

    private MessageSchema() {
    }

    /** @return the schema document, UTF-8 */
    public static byte[] bytes() {
        return BYTES.clone();
    }

    /** @return the schema document */
    public static String text() {
        return new String(BYTES, StandardCharsets.UTF_8);
    }

    private static byte[] load() {
        try (InputStream in = MessageSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the classpath: " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
