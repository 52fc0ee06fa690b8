package eu.atmosphere.tmaf.monitor.schema;

/**
 * One way in which a document breaks the message schema.
 *
 * @param pointer RFC 6901 JSON pointer to the offending value, {@code ""} for the document
 *                itself; for a missing required field it points at where the field should be
 *                (e.g. {@code /data/0/type}); in a batch it starts with the item index
 *                ({@code /3/probeId})
 * @param keyword the JSON Schema keyword that failed ({@code required}, {@code type},
 *                {@code minimum}, {@code maximum}, {@code minItems}, {@code enum}, ...)
 * @param message a human-readable reason
 */
public record Violation(String pointer, String keyword, String message) {
}
