package eu.atmosphere.tmaf.monitor.server;

import static eu.atmosphere.tmaf.monitor.server.IngestTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe-developer page, the schema and {@code POST /monitor/validate}; and the page's
 * check form in a real browser (headless Chromium, Debian package {@code chromium}).
 */
class PageTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final TopicServer MONITOR = TopicServer.extension(KAFKA, 1, ServerConfig.builder().maxBodyBytes(64 * 1024));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVALID = "{\"probeId\":-1,\"resourceId\":1.5,\"messageId\":0,\"sentTime\":1,"
            + "\"data\":[{\"type\":\"metric\",\"descriptionId\":0,\"observations\":[{\"time\":1,\"value\":1}]}]}";

    @Test
    void servesASelfContainedPageUnderAStrictContentSecurityPolicy() {
        HttpResponse<String> page = MONITOR.http().get("");

        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.startsWith("default-src 'none'; script-src 'sha256-"), policy);
        assertTrue(policy.contains("connect-src 'self'"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        String html = page.body();
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external assets");
        assertTrue(html.contains("ANONYMOUS MODE"), "the page says the server runs without authentication");
        assertTrue(html.contains("/monitor/auth") && html.contains("curl"), "the page shows how to authenticate");
        assertFalse(html.contains("{{"), "every placeholder is filled");
    }

    @Test
    void servesTheSchema() {
        HttpResponse<String> schema = MONITOR.http().get("schema");

        assertEquals(200, schema.statusCode());
        assertEquals("application/schema+json", schema.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(AcceptanceProfile.DEFAULT.schemaBytes(), schema.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validateAnswersLikeMonitorButNeverPublishes() throws Exception {
        HttpResponse<String> invalid = MONITOR.http().postJson(INVALID);
        assertProblem(invalid, 400, "invalid-message");
        HttpResponse<String> checked = MONITOR.http().post("monitor/validate", "application/json",
                INVALID.getBytes(StandardCharsets.UTF_8));
        assertProblem(checked, 400, "invalid-message");
        assertEquals(JSON.readTree(invalid.body()).get("violations"), JSON.readTree(checked.body()).get("violations"),
                "the same violations as POST /monitor");

        HttpResponse<String> valid = MONITOR.http().post("monitor/validate", "application/json",
                ("[" + TestHttp.message(1, 1, 1) + "," + TestHttp.message(1, 2, 2) + "]").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, valid.statusCode(), valid.body());
        JsonNode body = JSON.readTree(valid.body());
        assertTrue(body.get("valid").booleanValue());
        assertEquals(2, body.get("messages").intValue());

        assertProblem(MONITOR.http().post("monitor/validate", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)),
                415, "unsupported-media-type");
        assertProblem(MONITOR.http().post("monitor/validate", "application/json", new byte[64 * 1024 + 1]),
                413, "payload-too-large");
        assertProblem(MONITOR.http().post("monitor/validate", "application/json", "{".getBytes(StandardCharsets.UTF_8)),
                400, "malformed-json");
        assertEquals(0, KAFKA.read(MONITOR.topic(), 1, Duration.ofSeconds(2)).size(), "validation never publishes");
    }

    @Test
    void tokenExchangeIsAbsentInAnonymousMode() {
        assertProblem(MONITOR.http().post("monitor/auth", null, new byte[0]), 404, "authentication-disabled");
    }

    @Test
    void thePagesCheckFormShowsTheViolationsInHeadlessChromium(@TempDir Path profile) throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "SKIPPED: no Chromium binary (install the Debian package `chromium`, or set "
                + "CHROMIUM_BIN); CI must have it");
        String url = MONITOR.baseUri() + "#message=" + URLEncoder.encode(INVALID, StandardCharsets.UTF_8).replace("+", "%20");

        String dom = dumpDom(chromium.get(), profile, url);

        assertTrue(dom.contains("data-state=\"invalid\""), "the form reported the message invalid:\n" + dom);
        List<String> pointers = cells(dom, "pointer");
        assertTrue(pointers.containsAll(List.of("/probeId", "/resourceId", "/data/0/type")), pointers.toString());
        assertTrue(cells(dom, "keyword").contains("minimum"), dom);
        assertEquals(0, KAFKA.read(MONITOR.topic(), 1, Duration.ofSeconds(1)).size(), "checking in the page never publishes");
    }

    private static List<String> cells(String dom, String className) {
        Matcher matcher = Pattern.compile("<td class=\"" + className + "\">([^<]*)</td>").matcher(dom);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String dumpDom(Path chromium, Path profile, String url) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-quic", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String dom;
        try (InputStream out = process.getInputStream()) {
            dom = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish");
        }
        return dom;
    }

    private static Optional<Path> chromium() {
        String configured = System.getenv("CHROMIUM_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
