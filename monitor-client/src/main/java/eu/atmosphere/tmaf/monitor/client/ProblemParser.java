package eu.atmosphere.tmaf.monitor.client;

import java.util.Collections;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads an RFC 9457 problem body; describes any other error body by its status. */
final class ProblemParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String ABOUT_BLANK = "about:blank";

    private ProblemParser() {
    }

    static Problem parse(Response response) {
        JsonNode root = readJson(response);
        if (root == null || !root.isObject()) {
            return new Problem(ABOUT_BLANK, "HTTP " + response.status(), response.status(), null, null, Collections.emptyList());
        }
        List<Problem.Violation> violations = new ArrayList<>();
        for (JsonNode v : root.path("violations")) {
            violations.add(new Problem.Violation(v.path("index").asInt(Problem.Violation.NO_INDEX),
                    v.path("pointer").asText(""), v.path("keyword").asText(""), v.path("message").asText("")));
        }
        return new Problem(root.path("type").asText(ABOUT_BLANK), root.path("title").asText("HTTP " + response.status()),
                root.path("status").asInt(response.status()), text(root, "detail"), text(root, "requestId"),
                violations);
    }

    /** @return the JSON of the body if the content type says JSON and it parses, else {@code null} */
    static JsonNode readJson(Response response) {
        if (!response.contentType().toLowerCase().contains("json") || response.body().length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
