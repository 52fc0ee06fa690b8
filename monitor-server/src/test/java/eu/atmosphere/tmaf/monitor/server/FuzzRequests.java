package eu.atmosphere.tmaf.monitor.server;

import eu.atmosphere.tmaf.monitor.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns fuzzer input into one HTTP request for {@link RequestFuzzTest}: method, path, headers,
 * credentials, body (arbitrary bytes, mutated valid messages, batches, deep nesting, huge numbers
 * and strings, duplicate keys, invalid UTF-8), gzip (valid, corrupt, truncated, bombs) and
 * framing (Content-Length, chunked, or hostile header blocks). Every choice is read through a
 * {@link Source}, so a seed can be written that decodes to exactly the request wanted
 * ({@link FuzzSeeds}).
 */
final class FuzzRequests {

    /** Where the choices come from: the fuzzer's data, or a seed being written. */
    interface Source {
        /** @return a number in [0, n) */
        int pick(int n);

        /** @return a number in [0, max], max &lt;= 65535 */
        int size(int max);

        /** @return the rest of the input, as bytes */
        byte[] rest();
    }

    /** The authenticated probe of the fuzz server; the only probe whose messages may be accepted. */
    static final long PROBE = 1098;

    static final String[] METHODS = {"POST", "POST", "POST", "POST", "POST", "POST", "GET", "HEAD", "OPTIONS",
            "PUT", "PATCH", "DELETE", "TRACE", "post", "X-FOO"};
    static final String[] PATHS = {"/monitor", "/monitor", "/monitor", "/monitor", "/monitor", "/monitor/validate",
            "/monitor/validate", "/monitor/auth", "/", "/schema", "/health/ready", "/metrics", "/monitor/",
            "//monitor", "/monitor;x", "/MONITOR", "/monitor/../monitor", "/%6Donitor", "/monitor%2Fvalidate",
            "/monitor/validate/../../monitor", "/monitor?probeId=1", "/monitor/validate;/../../monitor",
            "/./monitor", "/monitor/%2e%2e/monitor", "http://127.0.0.1/monitor", "*", "/monitor/auth/..",
            "/monitor%00", "/monitor/validate%2F..%2F..%2Fmonitor"};
    static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
            "application/json; charset=utf-8", "application/JSON", "text/plain", "application/x-www-form-urlencoded",
            "application/problem+json", "application/json; charset=utf-16", null, "", ";;", "application/*",
            "multipart/form-data; boundary=x", "application/json; charset=\"", "*/*"};
    static final String[] ENCODINGS = {null, null, "gzip", "x-gzip", "GZIP", " gzip ", "identity", "br", "deflate",
            "gzip, gzip", "", "compress", "gzip;q=1"};
    static final String[] ACCEPTS = {null, null, "application/json", "*/*", "text/plain", "application/xml",
            "application/json;q=0", "application/problem+json", "text/html"};
    /** Raw JSON values that replace a field of a valid message. */
    static final String[] VALUES = {"-1", "1.0", "1e3", "\"1\"", "null", "[]", "{}", "true", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-0", "0.0", "1E400", "NaN", "\"measurement\"",
            "\"event\"", "\"metric\"", "[{}]", "[1]", "\"\\u0000\"", "\"\\ud800\"", "0x10", "01", "1.5e-400",
            "18446744073709551616", "[{\"time\":1,\"value\":1}]", "\"\"", "{\"a\":{\"b\":{\"c\":[]}}}"};
    private static final String DATA = "\u0002data";
    private static final String OBSERVATIONS = "\u0002observations";
    static final String[] MESSAGE_KEYS = {"probeId", "resourceId", "messageId", "sentTime", "data", "extra"};
    static final String[] DATA_KEYS = {"type", "descriptionId", "observations", "extra"};
    static final String[] OBSERVATION_KEYS = {"time", "value", "extra"};
    static final byte[][] BAD_UTF8 = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFE, (byte) 0xFF}, {0}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80}};
    /** Header blocks that bend HTTP framing (request smuggling shapes, overflows, bare LFs). */
    static final String[] HOSTILE_HEADERS = {
            "Content-Length: 3\r\n", "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: chunked, identity\r\n",
            "Content-Length: -1\r\n", "Content-Length: 99999999999999999999\r\n", "NoColonHere\r\n",
            "X-Folded: a\r\n b\r\n", "X-Nul: a\u0000b\r\n", "Expect: 100-continue\r\n",
            "X-HTTP-Method-Override: POST\r\n", "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n",
            "X-Bare-Lf: a\nX-Other: b\n", "Content-Type: application/json\r\nContent-Type: text/plain\r\n",
            "Content-Encoding: gzip\r\nContent-Encoding: identity\r\n", "Authorization: Bearer x\r\n",
            " Leading-Space: x\r\n", "X-Request-Id: ../../etc/passwd\r\n", "Host: a\r\nHost: b\r\n"};

    /**
     * A request ready to send.
     *
     * @param wire        the bytes on the wire
     * @param method      its method
     * @param path        its target
     * @param wellFramed  whether its framing is plain HTTP/1.1 (then the server must answer it)
     * @param plainBody   the body before any gzip
     * @param validCredentials whether it carries valid credentials of {@link #PROBE}
     */
    record Built(byte[] wire, String method, String path, boolean wellFramed, byte[] plainBody,
                 boolean validCredentials) {
    }

    /** Credentials the fuzz server knows, made by the test fixture. */
    record Credentials(String validToken, String expiredToken, String otherProbeToken, String validBasic,
                       String wrongBasic) {
    }

    private FuzzRequests() {
    }

    static Built build(Source in, Credentials credentials) {
        String method = METHODS[in.pick(METHODS.length)];
        String path = PATHS[in.pick(PATHS.length)];
        String contentType = CONTENT_TYPES[in.pick(CONTENT_TYPES.length)];
        String encoding = ENCODINGS[in.pick(ENCODINGS.length)];
        String accept = ACCEPTS[in.pick(ACCEPTS.length)];
        int auth = in.pick(12);
        int bodyKind = in.pick(10);
        int wrap = in.pick(10);
        int framing = in.pick(8);

        byte[] body = body(bodyKind, in);
        byte[] wire = wrap(wrap, body, in);
        if (wire != body && in.pick(4) != 0) {
            encoding = "gzip";
        }
        RawHttp.Builder request = new RawHttp.Builder(method, path)
                .header("Content-Type", contentType)
                .header("Content-Encoding", encoding)
                .header("Accept", accept);
        boolean valid = authorization(auth, in, credentials, request);
        request.body(wire);
        boolean wellFramed = true;
        if (framing == 6) {
            request.chunked(true);
        } else if (framing == 7) {
            wellFramed = false;
            StringBuilder block = new StringBuilder();
            int count = 1 + in.pick(3);
            for (int i = 0; i < count; i++) {
                block.append(HOSTILE_HEADERS[in.pick(HOSTILE_HEADERS.length)]);
            }
            if (in.pick(4) == 0) {
                block.append("X-Long: ").append("a".repeat(in.size(65535) / 2)).append("\r\n");
            }
            request.rawHeaders(block.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return new Built(request.build(), method, path, wellFramed, body, valid);
    }

    private static boolean authorization(int choice, Source in, Credentials c, RawHttp.Builder request) {
        switch (choice) {
            case 0 -> {
                return false;
            }
            case 1, 2, 3 -> {
                request.header("Authorization", "Bearer " + c.validToken());
                return true;
            }
            case 4 -> {
                request.header("Authorization", c.validBasic());
                return true;
            }
            case 5 -> {
                String token = c.validToken();
                int at = in.size(65535) % token.length();
                char flipped = token.charAt(at) == 'A' ? 'B' : 'A';
                request.header("Authorization", "Bearer " + token.substring(0, at) + flipped + token.substring(at + 1));
                return false;
            }
            case 6 -> request.header("Authorization", "Bearer " + c.expiredToken());
            case 7 -> request.header("Authorization", "Bearer " + c.otherProbeToken());
            case 8 -> {
                request.header("Authorization", "Bearer " + c.validToken());
                request.header("Authorization", "Bearer garbage");
            }
            case 9 -> request.header("Authorization", "bearer" + c.validToken());
            case 10 -> request.header("Authorization", "Basic " + c.wrongBasic().substring(6).replace('=', '!'));
            default -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (PROBE + ":" + "x".repeat(in.pick(8))).getBytes(StandardCharsets.UTF_8)).substring(1));
        }
        return false;
    }

    private static byte[] body(int kind, Source in) {
        return switch (kind) {
            case 0 -> in.rest();
            case 1, 2 -> utf8(message(in, in.pick(4)));
            case 3 -> {
                int n = in.size(40);
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < n; i++) {
                    batch.append(i == 0 ? "" : ",").append(message(in, in.pick(3) == 0 ? 1 : 0));
                }
                yield utf8(batch.append(']').toString());
            }
            case 4 -> utf8(nested(in.pick(4), in.size(8000)));
            case 5 -> utf8(hugeNumber(in.pick(5), in.size(65535), in.pick(3)));
            case 6 -> utf8(template(PROBE, "\"type\":\"" + "m".repeat(in.size(65535) * 2) + "\""));
            case 7 -> {
                byte[] bad = BAD_UTF8[in.pick(BAD_UTF8.length)];
                String text = message(in, 0);
                int at = in.size(65535) % text.length();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(utf8(text.substring(0, at)));
                out.writeBytes(bad);
                out.writeBytes(utf8(text.substring(at)));
                yield out.toByteArray();
            }
            case 8 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(utf8("{\"probeId\":" + PROBE + ",\"resourceId\":1,\"messageId\":1,\"sentTime\":1,"
                        + "\"data\":[{\"type\":\"event\",\"descriptionId\":1,\"observations\":[{\"time\":1,\"value\":1}]}],"
                        + "\"note\":\""));
                out.writeBytes(in.rest());
                out.writeBytes(utf8("\"}"));
                yield out.toByteArray();
            }
            default -> new byte[0];
        };
    }

    /** A valid message of {@link #PROBE}, then {@code mutations} changes to its fields. */
    static String message(Source in, int mutations) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("probeId", Long.toString(PROBE));
        message.put("resourceId", Integer.toString(100 + in.pick(200)));
        message.put("messageId", Integer.toString(in.size(65535)));
        message.put("sentTime", "1535971455");
        message.put("data", DATA);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("type", in.pick(2) == 0 ? "\"measurement\"" : "\"event\"");
        data.put("descriptionId", Integer.toString(in.pick(10)));
        data.put("observations", OBSERVATIONS);
        Map<String, String> observation = new LinkedHashMap<>();
        observation.put("time", "1535971455");
        observation.put("value", in.pick(2) == 0 ? "20000.00001" : Integer.toString(in.size(65535)));
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < mutations; i++) {
            int level = in.pick(3);
            Map<String, String> target = level == 0 ? message : level == 1 ? data : observation;
            String[] keys = level == 0 ? MESSAGE_KEYS : level == 1 ? DATA_KEYS : OBSERVATION_KEYS;
            String key = keys[in.pick(keys.length)];
            String value = VALUES[in.pick(VALUES.length)];
            switch (in.pick(3)) {
                case 0 -> target.put(key, value);
                case 1 -> target.remove(key);
                default -> duplicates.add(level + key + "\u0001" + value);
            }
        }
        String obs = render(observation, duplicates, 2);
        data.replaceAll((k, v) -> v.equals(OBSERVATIONS) ? "[" + obs + "]" : v);
        String item = render(data, duplicates, 1);
        message.replaceAll((k, v) -> v.equals(DATA) ? "[" + item + "]" : v);
        return render(message, duplicates, 0);
    }

    private static String render(Map<String, String> fields, List<String> duplicates, int level) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        for (String duplicate : duplicates) {
            if (duplicate.charAt(0) == '0' + level) {
                int split = duplicate.indexOf('\u0001');
                json.append(json.length() > 1 ? "," : "").append('"').append(duplicate, 1, split).append("\":")
                        .append(duplicate.substring(split + 1));
            }
        }
        return json.append('}').toString();
    }

    private static String template(long probeId, String typeField) {
        return "{\"probeId\":" + probeId + ",\"resourceId\":1,\"messageId\":1,\"sentTime\":1,\"data\":[{" + typeField
                + ",\"descriptionId\":1,\"observations\":[{\"time\":1,\"value\":1}]}]}";
    }

    static String nested(int shape, int depth) {
        return switch (shape) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "[".repeat(depth);
            default -> template(PROBE, "\"type\":\"event\",\"deep\":" + "[".repeat(depth) + "]".repeat(depth));
        };
    }

    static String hugeNumber(int shape, int digits, int where) {
        String number = switch (shape) {
            case 0 -> "9".repeat(Math.max(1, digits));
            case 1 -> "1" + "0".repeat(digits);
            case 2 -> "1e" + "9".repeat(Math.max(1, Math.min(digits, 30)));
            case 3 -> "0." + "0".repeat(digits) + "1";
            default -> "-" + "1".repeat(Math.max(1, digits));
        };
        String time = "1535971455";
        return switch (where) {
            case 0 -> "{\"probeId\":" + PROBE + ",\"resourceId\":" + number + ",\"messageId\":1,\"sentTime\":1,"
                    + "\"data\":[{\"type\":\"event\",\"descriptionId\":1,\"observations\":[{\"time\":" + time
                    + ",\"value\":1}]}]}";
            case 1 -> "{\"probeId\":" + PROBE + ",\"resourceId\":1,\"messageId\":1,\"sentTime\":1,"
                    + "\"data\":[{\"type\":\"event\",\"descriptionId\":1,\"observations\":[{\"time\":" + time
                    + ",\"value\":" + number + "}]}]}";
            default -> number;
        };
    }

    private static byte[] wrap(int choice, byte[] body, Source in) {
        return switch (choice) {
            case 6 -> TestHttp.gzip(body);
            case 7 -> {
                byte[] gz = TestHttp.gzip(body);
                int at = in.size(65535) % gz.length;
                gz[at] ^= (byte) (1 + in.pick(255));
                yield gz;
            }
            case 8 -> {
                byte[] gz = TestHttp.gzip(body);
                yield java.util.Arrays.copyOf(gz, in.size(65535) % gz.length);
            }
            case 9 -> {
                byte[] filler = new byte[(1 + in.size(4096)) * 1024];
                java.util.Arrays.fill(filler, (byte) (in.pick(2) == 0 ? ' ' : '['));
                yield in.pick(2) == 0 ? TestHttp.gzip(filler) : TestHttp.gzip(TestHttp.gzip(filler));
            }
            default -> body;
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
