package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** RFC 7396 JSON Merge Patch of a JSON document with a classpath resource next to this class. */
final class MergePatch {

    /** Keeps decimal literals (the double range of {@code value}) exact. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private MergePatch() {
    }

    /**
     * @param document      a JSON object, UTF-8
     * @param patchResource the merge patch, a resource in this package
     * @return the patched document, pretty-printed UTF-8
     */
    static byte[] apply(byte[] document, String patchResource) {
        try (InputStream in = MergePatch.class.getResourceAsStream(patchResource)) {
            if (in == null) {
                throw new IllegalStateException("merge patch missing from the classpath: " + patchResource);
            }
            ObjectNode target = (ObjectNode) JSON.readTree(document);
            merge(target, JSON.readTree(in));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the merge patch " + patchResource, e);
        }
    }

    /** Objects merge member by member, {@code null} removes a member, anything else replaces it. */
    private static void merge(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            JsonNode current = target.get(member.getKey());
            if (member.getValue().isNull()) {
                target.remove(member.getKey());
            } else if (member.getValue().isObject() && current instanceof ObjectNode object) {
                merge(object, member.getValue());
            } else {
                target.set(member.getKey(), member.getValue());
            }
        }
    }
}
