package eu.atmosphere.tmaf.monitor.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds images the way a user does, with the runnable modules' own Jib configuration: a nested
 * {@code mvn -pl MODULE jib:buildTar} from a {@code tar://} Java base (made once by
 * src/test/scripts/base-image.sh and cached outside the repository), then {@code docker load}.
 */
final class Images {

    static final Path BASE_TAR = Path.of(System.getProperty("tma.base.image.tar",
            System.getProperty("user.home") + "/.cache/tma-monitor/base-jre17.tar"));

    private Images() {
    }

    /** Makes the base tar if it is not cached yet; prints how long that took. */
    static void ensureBase() {
        if (Files.isRegularFile(BASE_TAR) && sizeOf(BASE_TAR) > 0) {
            return;
        }
        long start = System.nanoTime();
        Path script = Repo.DEPLOY.resolve("src/test/scripts/base-image.sh");
        Command.Result r = Command.run(List.of("bash", script.toString(), BASE_TAR.toString()), Duration.ofMinutes(15));
        System.out.println(r.out());
        r.orFail("building the Java base image (" + script + "; needs root, debootstrap and the Docker engine)");
        System.out.printf("base image %s built in %d s%n", BASE_TAR, (System.nanoTime() - start) / 1_000_000_000L);
    }

    /**
     * {@code jib:buildTar} of a module from the cached base, then {@code docker load}.
     *
     * @return the image name the module's Jib configuration gives
     */
    static String buildAndLoad(String module) {
        ensureBase();
        String image = Repo.jibImage(module);
        Path tar = Repo.DEPLOY.resolve("target").resolve(module + "-image.tar");
        long start = System.nanoTime();
        List<String> mvn = new ArrayList<>(List.of(maven(), "-B", "-q", "-f", Repo.ROOT.resolve("pom.xml").toString(),
                "-pl", module, "jib:buildTar",
                "-Djib.from.image=tar://" + BASE_TAR.toAbsolutePath(),
                "-Djib.outputPaths.tar=" + tar,
                "-Djib.disableUpdateChecks=true"));
        String repo = System.getProperty("tma.maven.repo.local");
        if (repo != null && !repo.isBlank() && !repo.startsWith("${")) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        Command.run(mvn, Duration.ofMinutes(10), Map.of(), Repo.ROOT)
                .orFail(String.join(" ", mvn) + " (Jib takes the packaged jars: run mvn install first)");
        long built = System.nanoTime();
        String previous = DockerEngine.docker(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Id}}", image)
                .out().strip();
        DockerEngine.docker(Duration.ofMinutes(5), "load", "-q", "-i", tar.toString()).orFail("docker load " + tar);
        String loaded = DockerEngine.docker(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Id}}", image)
                .out().strip();
        if (!previous.isEmpty() && !previous.equals(loaded)) {
            DockerEngine.docker(Duration.ofSeconds(60), "rmi", previous); // the build before this one, now untagged
        }
        System.out.printf("image %s: jib:buildTar %d ms, docker load %d ms%n", image,
                (built - start) / 1_000_000, (System.nanoTime() - built) / 1_000_000);
        return image;
    }

    private static String maven() {
        String home = System.getProperty("tma.maven.home");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
