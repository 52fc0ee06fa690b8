package eu.atmosphere.tmaf.monitor.server.http;

import java.util.function.IntPredicate;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.http.util.BufferChunk;
import org.glassfish.grizzly.http.util.ByteChunk;
import org.glassfish.grizzly.http.util.CharChunk;
import org.glassfish.grizzly.http.util.DataChunk;

/**
 * Reads a parsed header name or value where Grizzly keeps it (the request's own bytes, as a rule),
 * without copying it into a String: the checks every header of every request passes.
 *
 * <pre>{@code
 * boolean token = HeaderText.all(headers.getName(i), c -> c > 32 && c < 127);
 * }</pre>
 */
final class HeaderText {

    private HeaderText() {
    }

    /**
     * @param text a header name or value
     * @param ok   the test each character (0..255 for bytes) must pass
     * @return whether every character passes (true for empty text)
     */
    static boolean all(DataChunk text, IntPredicate ok) {
        switch (text.getType()) {
            case Bytes -> {
                ByteChunk chunk = text.getByteChunk();
                byte[] bytes = chunk.getBuffer();
                for (int i = chunk.getStart(); i < chunk.getEnd(); i++) {
                    if (!ok.test(bytes[i] & 0xff)) {
                        return false;
                    }
                }
                return true;
            }
            case Buffer -> {
                BufferChunk chunk = text.getBufferChunk();
                Buffer buffer = chunk.getBuffer();
                for (int i = chunk.getStart(); i < chunk.getEnd(); i++) {
                    if (!ok.test(buffer.get(i) & 0xff)) {
                        return false;
                    }
                }
                return true;
            }
            case Chars -> {
                CharChunk chunk = text.getCharChunk();
                char[] chars = chunk.getBuffer();
                for (int i = chunk.getStart(); i < chunk.getEnd(); i++) {
                    if (!ok.test(chars[i])) {
                        return false;
                    }
                }
                return true;
            }
            case String -> {
                return text.toString().chars().allMatch(ok);
            }
            default -> {
                return true;
            }
        }
    }
}
