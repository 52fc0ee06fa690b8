package eu.atmosphere.tmaf.monitor.systemtest.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The repository these tests run in (system-tests' parent directory) and its files, without what builds and
 * runs write into it: {@code target/}, {@code data/}, development certificates, the local fuzzing corpus.
 *
 * <pre>{@code
 * Repository repo = Repository.find();
 * repo.docs();                      // README.md, docs/architecture.md, monitor-server/README.md, ...
 * repo.resolve("bench/run.sh");     // a path from the root
 * }</pre>
 */
final class Repository {

    /** Directory names that hold generated files only, never anything a document may rely on. */
    static final Set<String> GENERATED = Set.of("target", "data", "dev-certs", "results", ".cifuzz-corpus", ".git");

    private final Path root;

    private Repository(Path root) {
        this.root = root;
    }

    /** @return the repository of the module the tests run in (Maven runs them in the module's directory) */
    static Repository find() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("system-tests"))) {
            throw new IllegalStateException("run from the system-tests directory of the repository; " + root
                    + " holds no README.md and system-tests/");
        }
        return new Repository(root);
    }

    Path root() {
        return root;
    }

    /** @return {@code path} from the root */
    Path resolve(String path) {
        return root.resolve(path);
    }

    /** @return every Markdown document of the repository, read */
    List<MarkdownDoc> docs() {
        return files().filter(file -> file.getFileName().toString().endsWith(".md"))
                .map(file -> MarkdownDoc.read(root, file)).toList();
    }

    /** @return every file that is not a document: sources, scripts, manifests, build files */
    List<Path> code() {
        return files().filter(file -> !file.getFileName().toString().endsWith(".md")).toList();
    }

    private Stream<Path> files() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(root) && GENERATED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    files.add(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream();
    }

    /** @return whether a path from the root lies in a directory of generated files */
    static boolean generated(Path relative) {
        for (Path segment : relative) {
            if (GENERATED.contains(segment.toString())) {
                return true;
            }
        }
        return false;
    }
}
