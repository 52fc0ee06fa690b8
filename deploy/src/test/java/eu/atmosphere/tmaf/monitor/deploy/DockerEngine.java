package eu.atmosphere.tmaf.monitor.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Docker engine the image tests use: {@code DOCKER_HOST} (as .ci/run exports it from
 * probe-docker/src/test/scripts/docker-engine.sh), else the default socket. Tests skip, saying
 * why, when none answers, unless {@code TMA_REQUIRE_DOCKER=true} (as in CI): then they fail.
 */
final class DockerEngine {

    private DockerEngine() {
    }

    /** @return why no engine can be used, or empty when one answers */
    static Optional<String> unavailable() {
        if (!Kustomize.onPath("docker")) {
            return Optional.of("no docker CLI on PATH");
        }
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.isBlank()) && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return Optional.of("no Docker engine: DOCKER_HOST is not set and /var/run/docker.sock does not exist "
                    + "(start one: export DOCKER_HOST=$(probe-docker/src/test/scripts/docker-engine.sh start))");
        }
        Command.Result version = Command.run(List.of("docker", "version", "--format", "{{.Server.Version}}"),
                Duration.ofSeconds(20));
        if (version.exit() != 0) {
            return Optional.of("the Docker engine at " + (host == null ? "/var/run/docker.sock" : host)
                    + " does not answer: " + version.err().strip());
        }
        return Optional.empty();
    }

    /**
     * @param unavailable   why no engine can be used ({@link #unavailable()}), or empty
     * @param requireDocker the value of {@code TMA_REQUIRE_DOCKER}, may be null
     * @return why the engine tests are skipped, or empty to run them
     * @throws org.opentest4j.AssertionFailedError if no engine can be used but one is required: CI must not
     *                                             pass with the engine tests skipped
     */
    static Optional<String> skipReason(Optional<String> unavailable, String requireDocker) {
        if (unavailable.isPresent() && Boolean.parseBoolean(requireDocker)) {
            fail(unavailable.get() + " - TMA_REQUIRE_DOCKER=true forbids skipping");
        }
        return unavailable;
    }

    static Command.Result docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return Command.run(command, timeout);
    }

    static Command.Result docker(Duration timeout, List<String> args) {
        return docker(timeout, args.toArray(String[]::new));
    }
}
