package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.server.http.Problem;
import eu.atmosphere.tmaf.monitor.server.http.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a complete request body (the pipeline received it) into an array, never more than a
 * limit: the limit applies to the decompressed bytes, so a gzip bomb costs at most the limit. A
 * body with a Content-Length (the usual case) is read into an array of exactly that size; a chunked
 * or gzipped one into a buffer that grows as it is read.
 */
final class RequestBody {

    private static final int CHUNK = 16 * 1024;

    private RequestBody() {
    }

    /**
     * @param raw             the body as received
     * @param contentEncoding the Content-Encoding header, may be null
     * @param declaredLength  the Content-Length header, -1 if absent
     * @param limit           largest body accepted, decompressed
     * @return the (decompressed) body
     * @throws ProblemException 413 beyond the limit, 415 for an unknown encoding, 400 for corrupt gzip
     */
    static byte[] read(InputStream raw, String contentEncoding, long declaredLength, int limit) {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        boolean gzip = encoding.equals("gzip") || encoding.equals("x-gzip");
        if (!gzip && !encoding.equals("identity") && !encoding.isEmpty()) {
            throw new ProblemException(Problem.of(415, "unsupported-content-encoding", "Unsupported content encoding",
                    "Content-Encoding must be gzip or absent").withHeader("Accept-Encoding", "gzip"));
        }
        if (!gzip && declaredLength > limit) {
            throw new ProblemException(Problem.payloadTooLarge(limit));
        }
        int expected = gzip || declaredLength < 0 ? Math.min(CHUNK, limit) : (int) declaredLength;
        try (InputStream in = gzip ? new GZIPInputStream(raw, CHUNK) : raw) {
            return readAtMost(in, expected, limit);
        } catch (ZipException | java.io.EOFException e) {
            throw new ProblemException(Problem.of(400, "malformed-gzip", "Malformed gzip body",
                    "the body is not valid gzip data: " + e.getMessage()));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(400, "unreadable-body", "Unreadable body",
                    "the body could not be read completely: " + e.getClass().getSimpleName()));
        }
    }

    /**
     * @param expected the array to start with (the declared length, at most the limit): when it is filled,
     *                 one more byte is read to tell the end of the body (returned as is, not copied) from
     *                 more bytes than declared (the array then grows, up to the limit)
     */
    private static byte[] readAtMost(InputStream in, int expected, int limit) throws IOException {
        byte[] buffer = new byte[expected];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                int next = in.read();
                if (next < 0) {
                    return buffer;
                }
                if (size == limit) {
                    throw new ProblemException(Problem.payloadTooLarge(limit));
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(2L * size, CHUNK), limit));
                buffer[size++] = (byte) next;
            } else {
                int n = in.read(buffer, size, buffer.length - size);
                if (n < 0) {
                    return Arrays.copyOf(buffer, size);
                }
                size += n;
            }
        }
    }
}
