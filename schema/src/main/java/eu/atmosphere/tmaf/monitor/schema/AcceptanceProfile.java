package eu.atmosphere.tmaf.monitor.schema;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which part of schema v0.4's value range the monitor accepts. Each profile is a complete JSON
 * Schema: the v0.4 schema ({@link MessageSchema}) with the profile's RFC 7396 merge patch
 * (a classpath resource next to it) applied, so the validator and {@code GET /schema} use the
 * very same document.
 *
 * <pre>{@code
 * AcceptanceProfile profile = AcceptanceProfile.parse("knowledge-base");   // the default
 * MessageValidator validator = MessageValidator.create(profile);
 * String schemaJson = profile.schemaText();                                // serve it
 * }</pre>
 */
public enum AcceptanceProfile {

    /**
     * The default: only what the TMA knowledge-base loader stores without corruption. It reads
     * {@code probeId}, {@code resourceId}, {@code descriptionId} and observation {@code time} with
     * {@code getInt} and stores {@code time} as epoch seconds, so those are at most 2,147,483,647 and
     * {@code time} at least 1; {@code messageId} and {@code sentTime} stay 64-bit.
     */
    KNOWLEDGE_BASE("knowledge-base", "tma-m-message-v0.4-knowledge-base.merge-patch.json"),

    /** Schema v0.4 as published: every integer 0 … 2^63−1, for consumers that read 64-bit values. */
    FULL_64BIT("full-64bit", null);

    /** The profile a monitor uses unless told otherwise. */
    public static final AcceptanceProfile DEFAULT = KNOWLEDGE_BASE;

    private final String id;
    private final byte[] schema;

    AcceptanceProfile(String id, String patchResource) {
        this.id = id;
        this.schema = patchResource == null ? MessageSchema.bytes() : MergePatch.apply(MessageSchema.bytes(), patchResource);
    }

    /** @return the name used in options and docs, e.g. {@code knowledge-base} */
    public String id() {
        return id;
    }

    /** @return this profile's complete JSON Schema, UTF-8 */
    public byte[] schemaBytes() {
        return schema.clone();
    }

    /** @return this profile's complete JSON Schema */
    public String schemaText() {
        return new String(schema, StandardCharsets.UTF_8);
    }

    /**
     * @param id a profile's {@link #id()}, case-insensitive
     * @return that profile
     * @throws IllegalArgumentException naming the known profiles if there is none of that name
     */
    public static AcceptanceProfile parse(String id) {
        for (AcceptanceProfile profile : values()) {
            if (profile.id.equalsIgnoreCase(id.strip())) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown acceptance profile \"" + id + "\"; known: "
                + Arrays.stream(values()).map(AcceptanceProfile::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
