package eu.atmosphere.tmaf.monitor.server.page;

import eu.atmosphere.tmaf.monitor.schema.AcceptanceProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The probe-developer page ({@code GET /}): what the endpoint is, how to authenticate, the
 * schema, and a form that checks a message through {@code POST /monitor/validate}. One
 * self-contained HTML document (inline style and script, allowed by their hashes in a strict
 * Content-Security-Policy; nothing is loaded from elsewhere). A message in the URL fragment
 * ({@code /#message=<URL-encoded JSON>}) is checked as soon as the page loads.
 *
 * <p>{@code GET /schema} serves the message JSON Schema of the acceptance profile in use, the very
 * document the validator checks against.
 */
@Path("/")
public final class PageResource {

    /** The media type of the schema. */
    public static final String SCHEMA_MEDIA_TYPE = "application/schema+json";

    private static final String TEMPLATE = "/eu/atmosphere/tmaf/monitor/server/page/index.html";
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private final byte[] page;
    private final byte[] schema;
    private final String contentSecurityPolicy;

    /**
     * What the page tells.
     *
     * @param authentication whether probes must authenticate
     * @param tokenTtl       lifetime of issued tokens
     * @param maxBodyBytes   the body limit
     * @param profile        the accepted value range, whose schema is served
     */
    public record Facts(boolean authentication, Duration tokenTtl, int maxBodyBytes, AcceptanceProfile profile) {
    }

    /** @param config what the page tells: authentication mode, token lifetime, body limit, profile */
    public PageResource(Facts config) {
        String html = load()
                .replace("{{AUTH_MODE}}", config.authentication()
                        ? "Authentication is required: every request to /monitor needs a registered probe's credentials."
                        : "This monitor runs in ANONYMOUS MODE (development): messages are accepted without "
                                + "credentials. Production monitors require them, as described below.")
                .replace("{{TOKEN_TTL}}", Long.toString(config.tokenTtl().toSeconds()))
                .replace("{{MAX_BODY}}", Integer.toString(config.maxBodyBytes()))
                .replace("{{PROFILE}}", profileText(config.profile()));
        this.page = html.getBytes(StandardCharsets.UTF_8);
        this.schema = config.profile().schemaBytes();
        this.contentSecurityPolicy = "default-src 'none'; script-src " + hashes(SCRIPT, html) + "; style-src "
                + hashes(STYLE, html) + "; connect-src 'self'; img-src data:; form-action 'none'; base-uri 'none'; "
                + "frame-ancestors 'none'";
    }

    /** @return the page */
    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return Response.ok(page)
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    /** @return the message JSON Schema of the acceptance profile in use */
    @GET
    @Path("schema")
    @Produces(SCHEMA_MEDIA_TYPE)
    public Response schema() {
        return Response.ok(schema)
                .header("X-Content-Type-Options", "nosniff")
                .header("Access-Control-Allow-Origin", "*")
                .build();
    }

    private static String profileText(AcceptanceProfile profile) {
        return switch (profile) {
            case KNOWLEDGE_BASE -> "This monitor accepts what the TMA knowledge base stores without corruption "
                    + "(acceptance profile <code>knowledge-base</code>): <code>probeId</code>, <code>resourceId</code> "
                    + "and <code>descriptionId</code> at most 2147483647, observation <code>time</code> in epoch "
                    + "<em>seconds</em> 1 … 2147483647 (milliseconds are refused with a hint); <code>messageId</code> "
                    + "and <code>sentTime</code> up to 2<sup>63</sup>−1.";
            case FULL_64BIT -> "This monitor accepts schema v0.4's full 64-bit range (acceptance profile "
                    + "<code>full-64bit</code>): every integer field 0 … 2<sup>63</sup>−1. The TMA knowledge-base "
                    + "loader reads ids and times as 32-bit ints: values above 2147483647 or times in milliseconds "
                    + "are corrupted or dropped there.";
        };
    }

    private static String hashes(Pattern element, String html) {
        StringBuilder sources = new StringBuilder();
        Matcher matcher = element.matcher(html);
        while (matcher.find()) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(matcher.group(1).getBytes(StandardCharsets.UTF_8));
                sources.append(sources.length() == 0 ? "" : " ").append("'sha256-")
                        .append(Base64.getEncoder().encodeToString(digest)).append('\'');
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
        return sources.length() == 0 ? "'none'" : sources.toString();
    }

    private static String load() {
        try (InputStream in = PageResource.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("page missing from the classpath: " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
