package eu.atmosphere.tmaf.monitor.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the hand-made seeds of {@link RequestFuzzTest}'s corpus: inputs that decode (through
 * {@link FuzzRequests}, with the fuzzer's byte order: choices from the end, the body from the
 * front) to one request of each interesting kind. The fuzzer grows the corpus from them.
 *
 * <pre>
 * java -cp monitor-server/target/test-classes:... eu.atmosphere.tmaf.monitor.server.FuzzSeeds \
 *     monitor-server/src/test/resources/eu/atmosphere/tmaf/monitor/server/RequestFuzzTestInputs/request
 * </pre>
 */
final class FuzzSeeds {

    // indices into FuzzRequests' tables
    private static final int POST = 0;
    private static final int HEAD = 7;
    private static final int OPTIONS = 8;
    private static final int MONITOR = 0;
    private static final int VALIDATE = 5;
    private static final int JSON = 0;
    private static final int TEXT = 5;
    private static final int NO_ENCODING = 0;
    private static final int GZIP = 2;
    private static final int BR = 7;
    private static final int NO_ACCEPT = 0;
    private static final int ACCEPT_JSON = 2;
    private static final int BEARER = 1;
    private static final int NO_AUTH = 0;

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        // valid single messages and batches, plain and gzip, with each credential kind
        write(dir, "valid-message", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 1, 0, 0)
                .single().build());
        write(dir, "valid-message-accept-json", request(POST, MONITOR, JSON, NO_ENCODING, ACCEPT_JSON, BEARER, 1, 0, 0)
                .single().build());
        write(dir, "valid-message-basic", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, 4, 1, 0, 0)
                .single().build());
        write(dir, "valid-message-gzip", request(POST, MONITOR, JSON, GZIP, NO_ACCEPT, BEARER, 1, 6, 0)
                .single().then(1).build());
        write(dir, "valid-batch", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 3, 0, 0)
                .size(5).batchItem().batchItem().batchItem().batchItem().batchItem().build());
        write(dir, "valid-message-chunked", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 1, 0, 6)
                .single().build());
        write(dir, "validate-valid", request(POST, VALIDATE, JSON, NO_ENCODING, NO_ACCEPT, NO_AUTH, 1, 0, 0)
                .single().build());
        // mutated messages: each of a few mutations
        for (int level = 0; level < 3; level++) {
            for (int key = 0; key < 3; key++) {
                for (int value : new int[] {0, 1, 3, 4, 8, 9, 13, 20}) {
                    write(dir, "mutated-" + level + "-" + key + "-" + value, request(POST, MONITOR, JSON, NO_ENCODING,
                            NO_ACCEPT, BEARER, 1, 0, 0).mutated(level, key, value, 0).build());
                }
            }
            write(dir, "duplicate-key-" + level, request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 1, 0, 0)
                    .mutated(level, 0, 0, 2).build());
            write(dir, "missing-key-" + level, request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 1, 0, 0)
                    .mutated(level, 0, 0, 1).build());
        }
        // deep nesting, huge numbers and strings, invalid UTF-8, arbitrary bytes inside a string
        for (int shape = 0; shape < 4; shape++) {
            write(dir, "deep-" + shape, request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 4, 0, 0)
                    .then(shape).size(shape == 3 ? 60 : 5000).build());
        }
        for (int shape = 0; shape < 5; shape++) {
            write(dir, "huge-number-" + shape, request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 5, 0, 0)
                    .then(shape).size(shape == 2 ? 25 : 1000).then(shape % 3).build());
        }
        write(dir, "huge-string", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 6, 0, 0)
                .size(40000).build());
        for (int bad = 0; bad < FuzzRequests.BAD_UTF8.length; bad++) {
            write(dir, "bad-utf8-" + bad, request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 7, 0, 0)
                    .then(bad).plainMessage().size(60).build());
        }
        write(dir, "bytes-in-string", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 8, 0, 0)
                .rest(new byte[] {'a', '\\', 'u', 'd', '8', '0', '0', (byte) 0xC3, (byte) 0xA9, '"', ',', '"'}).build());
        write(dir, "arbitrary-bytes", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 0, 0, 0)
                .rest("{\"probeId\":1098,,}".getBytes(StandardCharsets.UTF_8)).build());
        write(dir, "empty-body", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 9, 0, 0).build());
        // gzip: corrupt, truncated, bombs
        write(dir, "gzip-corrupt", request(POST, MONITOR, JSON, GZIP, NO_ACCEPT, BEARER, 1, 7, 0)
                .single().size(12).then(7).then(1).build());
        write(dir, "gzip-truncated", request(POST, MONITOR, JSON, GZIP, NO_ACCEPT, BEARER, 1, 8, 0)
                .single().size(40).then(1).build());
        write(dir, "gzip-bomb-spaces", request(POST, MONITOR, JSON, GZIP, NO_ACCEPT, BEARER, 9, 9, 0)
                .size(4000).then(0).then(0).then(1).build());
        write(dir, "gzip-bomb-brackets-double", request(POST, MONITOR, JSON, GZIP, NO_ACCEPT, BEARER, 9, 9, 0)
                .size(2000).then(1).then(1).then(1).build());
        write(dir, "gzip-not-declared", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 1, 6, 0)
                .single().then(0).build());
        // wrong media types and encodings, other methods, unauthenticated
        write(dir, "text-plain", request(POST, MONITOR, TEXT, NO_ENCODING, NO_ACCEPT, BEARER, 1, 0, 0).single().build());
        write(dir, "brotli", request(POST, MONITOR, JSON, BR, NO_ACCEPT, BEARER, 1, 0, 0).single().build());
        write(dir, "head", request(HEAD, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 9, 0, 0).build());
        write(dir, "options", request(OPTIONS, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 9, 0, 0).build());
        write(dir, "no-credentials", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, NO_AUTH, 1, 0, 0)
                .single().build());
        for (int auth = 5; auth < 12; auth++) {
            Seed seed = request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, auth, 1, 0, 0).single();
            if (auth == 5) {
                seed.size(30);
            }
            if (auth == 11) {
                seed.then(3);
            }
            write(dir, "credentials-" + auth, seed.build());
        }
        for (int path = 12; path < FuzzRequests.PATHS.length; path++) {
            write(dir, "path-" + path, request(POST, path, JSON, NO_ENCODING, NO_ACCEPT, NO_AUTH, 1, 0, 0)
                    .single().build());
        }
        for (int header = 0; header < FuzzRequests.HOSTILE_HEADERS.length; header++) {
            write(dir, "hostile-header-" + header, request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 1, 0, 7)
                    .single().then(0).then(header).then(1).build());
        }
        write(dir, "header-too-large", request(POST, MONITOR, JSON, NO_ENCODING, NO_ACCEPT, BEARER, 1, 0, 7)
                .single().then(0).then(0).then(0).size(40000).build());
    }

    private static Seed request(int method, int path, int contentType, int encoding, int accept, int auth,
                                int bodyKind, int wrap, int framing) {
        return new Seed().then(method).then(path).then(contentType).then(encoding).then(accept).then(auth)
                .then(bodyKind).then(wrap).then(framing);
    }

    private static void write(Path dir, String name, byte[] seed) throws IOException {
        Files.write(dir.resolve(name), seed);
    }

    /** Records choices in the order {@link FuzzRequests} reads them and lays them out as the fuzzer's data. */
    private static final class Seed {
        private final ByteArrayOutputStream choices = new ByteArrayOutputStream();
        private byte[] rest = new byte[0];

        Seed then(int value) {
            choices.write(value);
            return this;
        }

        Seed size(int value) {
            choices.write(value >> 8);
            choices.write(value & 0xff);
            return this;
        }

        /** A valid message as the body of kind 1 or 2: no mutations. */
        Seed single() {
            return then(0).plainMessage();
        }

        /** An item of a batch (body kind 3) without mutations. */
        Seed batchItem() {
            return then(1).plainMessage();
        }

        /** The choices of {@link FuzzRequests#message}: resource, messageId, type, descriptionId, value. */
        Seed plainMessage() {
            return then(7).size(7).then(0).then(1).then(0);
        }

        /** A message (body kind 1 or 2) with one mutation of (level, key, value, action). */
        Seed mutated(int level, int key, int value, int action) {
            return then(1).plainMessage().then(level).then(key).then(value).then(action);
        }

        Seed rest(byte[] value) {
            rest = value;
            return this;
        }

        byte[] build() {
            byte[] order = choices.toByteArray();
            byte[] reversed = new byte[order.length];
            for (int i = 0; i < order.length; i++) {
                reversed[i] = order[order.length - 1 - i];
            }
            byte[] seed = Arrays.copyOf(rest, rest.length + reversed.length);
            System.arraycopy(reversed, 0, seed, rest.length, reversed.length);
            return seed;
        }
    }
}
