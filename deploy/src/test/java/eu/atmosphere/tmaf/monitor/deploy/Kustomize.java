package eu.atmosphere.tmaf.monitor.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the renderer this machine has: {@code kubectl kustomize}
 * (kubectl's built-in kustomize, works offline), else a standalone {@code kustomize build}.
 */
final class Kustomize {

    private Kustomize() {
    }

    static String build(Path directory) {
        List<String> command = onPath("kubectl") ? List.of("kubectl", "kustomize", directory.toString())
                : onPath("kustomize") ? List.of("kustomize", "build", directory.toString())
                : null;
        if (command == null) {
            throw new AssertionError("no kustomize renderer: install kubectl (kubectl kustomize) or kustomize; "
                    + "the java-maven machine image ships kubectl");
        }
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " took over 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(err));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
