package eu.atmosphere.tmaf.monitor.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Docker engine the image tests use: {@code DOCKER_HOST} (as .ci/run exports it from
 * probe-docker/src/test/scripts/docker-engine.sh), else the default socket. Tests skip, saying
 * why, when none answers.
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
