package eu.atmosphere.tmaf.monitor.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test corpus under {@code src/test/resources/corpus}: documents that must be valid under
 * every acceptance profile ({@code valid/}), documents that each break exactly one rule of every
 * profile ({@code invalid/}, with the expected violation of each in {@code invalid/expected.tsv})
 * and documents valid only under the full-64bit profile ({@code full-64bit-only/}, with their
 * violations under the default knowledge-base profile in {@code full-64bit-only/expected.tsv}).
 */
public final class Corpus {

    /** Directory of the valid documents, on the test classpath. */
    public static final String VALID = "corpus/valid";
    /** Directory of the invalid documents, on the test classpath. */
    public static final String INVALID = "corpus/invalid";
    /** Directory of the documents only the full-64bit profile accepts, on the test classpath. */
    public static final String FULL_64BIT_ONLY = "corpus/full-64bit-only";

    /**
     * A violation a document must produce.
     *
     * @param file    the document's file name in {@link #INVALID} or {@link #FULL_64BIT_ONLY}
     * @param pointer the expected JSON pointer
     * @param keyword the expected schema keyword
     */
    public record Expected(String file, String pointer, String keyword) {
    }

    private Corpus() {
    }

    /**
     * @param dir {@link #VALID}, {@link #INVALID} or {@link #FULL_64BIT_ONLY}
     * @return the names of the JSON documents in that directory, sorted
     */
    public static List<String> documents(String dir) {
        try (Stream<Path> files = Files.list(directory(dir))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param dir  {@link #VALID}, {@link #INVALID} or {@link #FULL_64BIT_ONLY}
     * @param name a file name in that directory
     * @return the file's bytes
     */
    public static byte[] read(String dir, String name) {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(dir + "/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus document " + dir + "/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the lines of {@code invalid/expected.tsv}, in file order */
    public static List<Expected> expectedViolations() {
        return expectedViolations(INVALID);
    }

    /**
     * @param dir {@link #INVALID} or {@link #FULL_64BIT_ONLY}
     * @return the lines of that directory's {@code expected.tsv}, in file order
     */
    public static List<Expected> expectedViolations(String dir) {
        String tsv = new String(read(dir, "expected.tsv"), StandardCharsets.UTF_8);
        return tsv.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> {
                    String[] columns = line.split("\t", -1);
                    if (columns.length != 3) {
                        throw new IllegalStateException("expected.tsv: not 3 tab-separated columns: " + line);
                    }
                    return new Expected(columns[0], columns[1], columns[2]);
                })
                .toList();
    }

    private static Path directory(String dir) {
        URL url = Corpus.class.getClassLoader().getResource(dir);
        if (url == null) {
            throw new IllegalStateException("corpus directory missing from the test classpath: " + dir);
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {   // read from the test-jar, by another module's tests
                openJar(uri);
            }
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void openJar(URI uri) {
        try {
            FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException notYet) {
            try {
                FileSystems.newFileSystem(uri, Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
