package eu.atmosphere.tmaf.monitor.schema;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Other spellings of the same JSON text, for the byte-level tests of the streaming pass: whitespace
 * (spaces, tabs, CRLF, pretty-printing) between the tokens, field names written with escapes, a UTF-8
 * byte order mark, messages joined into a batch. Every layout parses to the same tree as the text it
 * came from; only the bytes differ. And one change that is no layout: a field name copied into an
 * object, a duplicate key when the object has it already.
 */
final class TextLayouts {

    /** Field names and an escaped spelling of each ({@code "probe\u0049d"} is {@code "probeId"}). */
    private static final List<String[]> ESCAPED_NAMES = List.of(
            new String[] {"\"probeId\":", "\"probe\\u0049d\":"},
            new String[] {"\"resourceId\":", "\"\\u0072esourceId\":"},
            new String[] {"\"type\":", "\"typ\\u0065\":"},
            new String[] {"\"time\":", "\"ti\\u006De\":"},
            new String[] {"\"value\":", "\"\\u0076alue\":"});
    private static final String[] WHITESPACE = {"", "", " ", "\t", "\n", "\r\n", "\r\n\t\t", "  \n  "};
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Random random;

    TextLayouts(long seed) {
        this.random = new Random(seed);
    }

    /** @return the text with random JSON whitespace after every {@code { [ , :} and before every {@code } ]} */
    byte[] spaced(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length * 2);
        boolean inString = false;
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            if (inString) {
                out.write(b);
                if (b == '\\') {
                    out.write(text[++i]);
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (b == '}' || b == ']') {
                out.writeBytes(whitespace());
            }
            out.write(b);
            if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[' || b == ',' || b == ':') {
                out.writeBytes(whitespace());
            }
        }
        return out.toByteArray();
    }

    /** @return the text with the names of the message's fields written with a unicode escape */
    static byte[] escapedNames(byte[] text) {
        String escaped = new String(text, StandardCharsets.UTF_8);
        for (String[] name : ESCAPED_NAMES) {
            escaped = escaped.replace(name[0], name[1]);
        }
        return escaped.getBytes(StandardCharsets.UTF_8);
    }

    /** @return a UTF-8 byte order mark, random whitespace, the text, random whitespace */
    byte[] withBomAndSurroundingWhitespace(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 16);
        out.writeBytes(BOM);
        out.writeBytes(whitespace());
        out.writeBytes(text);
        out.writeBytes(whitespace());
        return out.toByteArray();
    }

    /** @return a JSON array of the texts, random whitespace around each */
    byte[] batch(List<byte[]> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(whitespace());
            out.writeBytes(items.get(i));
            out.writeBytes(whitespace());
        }
        out.write(']');
        return out.toByteArray();
    }

    /**
     * @return the text with a copy of one of its field names, valued {@code 0}, added first to one of its objects
     * (both chosen at random): a duplicate key if that object has the name already (so the text is malformed),
     * else an extra field. Field names are taken as written (escapes included).
     */
    byte[] withFieldNameCopied(byte[] text) {
        List<Integer> objects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean inString = false;
        int stringStart = -1;
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                    int next = i + 1;
                    while (next < text.length && (text[next] == ' ' || text[next] == '\t' || text[next] == '\n'
                            || text[next] == '\r')) {
                        next++;
                    }
                    if (next < text.length && text[next] == ':') {
                        names.add(new String(text, stringStart, i + 1 - stringStart, StandardCharsets.UTF_8));
                    }
                }
            } else if (b == '"') {
                inString = true;
                stringStart = i;
            } else if (b == '{') {
                objects.add(i);
            }
        }
        if (objects.isEmpty() || names.isEmpty()) {
            return text;
        }
        int at = objects.get(random.nextInt(objects.size())) + 1;
        byte[] field = (names.get(random.nextInt(names.size())) + ":0" + (text[at] == '}' ? "" : ","))
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + field.length);
        out.write(text, 0, at);
        out.writeBytes(field);
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }

    /** @return one of the layouts above (or none), chosen at random */
    byte[] anyLayout(byte[] text) {
        return switch (random.nextInt(5)) {
            case 0 -> text;
            case 1 -> spaced(text);
            case 2 -> escapedNames(text);
            case 3 -> withBomAndSurroundingWhitespace(spaced(escapedNames(text)));
            default -> spaced(escapedNames(text));
        };
    }

    private byte[] whitespace() {
        return WHITESPACE[random.nextInt(WHITESPACE.length)].getBytes(StandardCharsets.US_ASCII);
    }
}
