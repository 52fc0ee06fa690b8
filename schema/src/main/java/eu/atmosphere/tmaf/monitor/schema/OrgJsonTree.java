package eu.atmosphere.tmaf.monitor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Maps a Jackson tree onto the org.json values everit validates, keeping the number kinds
 * apart: integral literals become {@code Integer}/{@code Long}/{@code BigInteger}, literals with
 * a fraction or exponent stay {@code BigDecimal}, so a {@code 1000.0} is never an integer.
 */
final class OrgJsonTree {

    private OrgJsonTree() {
    }

    static Object of(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> object(node);
            case ARRAY -> array(node);
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.numberValue();
            default -> JSONObject.NULL;
        };
    }

    private static JSONObject object(JsonNode node) {
        JSONObject object = new JSONObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            object.put(field.getKey(), of(field.getValue()));
        }
        return object;
    }

    private static JSONArray array(JsonNode node) {
        JSONArray array = new JSONArray();
        for (JsonNode item : node) {
            array.put(of(item));
        }
        return array;
    }
}
