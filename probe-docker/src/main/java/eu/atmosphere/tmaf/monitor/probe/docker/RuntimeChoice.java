package eu.atmosphere.tmaf.monitor.probe.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Which container runtime the probe reads: the Docker Engine or containerd, forced or chosen from the
 * sockets present ({@link Kind#AUTO}: Docker when its socket exists or {@code DOCKER_HOST} is
 * {@code tcp://}, else containerd when its socket exists).
 *
 * <pre>{@code
 * RuntimeChoice choice = new RuntimeChoice(RuntimeChoice.Kind.AUTO, "unix:///var/run/docker.sock",
 *         Containerd.DEFAULT_ADDRESS, Containerd.DEFAULT_NAMESPACE, HostProc.LOCAL);
 * Optional<ContainerRuntime> runtime = choice.candidate();   // empty: no socket of either
 * }</pre>
 */
final class RuntimeChoice {

    /** The {@code --runtime} values. */
    enum Kind {
        AUTO, DOCKER, CONTAINERD;

        /** @return the option value, lower case */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final String dockerHost;
    private final String containerdAddress;
    private final String containerdNamespace;
    private final HostProc proc;

    /**
     * @param kind                forced runtime or {@link Kind#AUTO}
     * @param dockerHost          the Docker daemon, {@code unix:///path} or {@code tcp://host:port}
     * @param containerdAddress   containerd's socket
     * @param containerdNamespace the containerd namespace to report
     * @param proc                the host's {@code /proc}, for containerd
     */
    RuntimeChoice(Kind kind, String dockerHost, String containerdAddress, String containerdNamespace, HostProc proc) {
        this.kind = kind;
        this.dockerHost = dockerHost;
        this.containerdAddress = containerdAddress;
        this.containerdNamespace = containerdNamespace;
        this.proc = proc;
    }

    /**
     * @return a client of the runtime to try now (not connected yet); empty if the socket of the runtime
     *         to try (with {@link Kind#AUTO}: of either) does not exist
     */
    Optional<ContainerRuntime> candidate() {
        boolean docker = dockerSocketPresent();
        boolean containerd = Files.exists(Path.of(Containerd.socketPath(containerdAddress)));
        Kind chosen = switch (kind) {
            case AUTO -> docker ? Kind.DOCKER : containerd ? Kind.CONTAINERD : Kind.AUTO;
            case DOCKER -> docker ? Kind.DOCKER : Kind.AUTO;
            case CONTAINERD -> containerd ? Kind.CONTAINERD : Kind.AUTO;
        };
        return switch (chosen) {
            case DOCKER -> Optional.of(Engine.connect(dockerHost));
            case CONTAINERD -> Optional.of(Containerd.connect(containerdAddress, containerdNamespace, proc));
            case AUTO -> Optional.empty();
        };
    }

    /** @return why {@link #candidate()} found nothing */
    String absence() {
        String docker = "no Docker socket at " + dockerHost;
        String containerd = "no containerd socket at " + Containerd.socketPath(containerdAddress);
        return switch (kind) {
            case AUTO -> docker + " and " + containerd;
            case DOCKER -> docker;
            case CONTAINERD -> containerd;
        };
    }

    /** @return what to check or set, naming the options and environment variables of the runtime(s) tried */
    String hint() {
        String docker = "the Docker daemon's address: --docker-host or DOCKER_HOST (now " + dockerHost + ")";
        String containerd = "containerd's socket: --containerd-address or CONTAINERD_ADDRESS (now "
                + Containerd.socketPath(containerdAddress) + ", namespace " + containerdNamespace + ")";
        return switch (kind) {
            case DOCKER -> "is the Docker daemon running and its socket readable? Check " + docker;
            case CONTAINERD -> "is containerd running and its socket readable? Check " + containerd;
            case AUTO -> "is a container runtime running and its socket readable? Check " + docker + "; or "
                    + containerd + "; --runtime docker|containerd forces one";
        };
    }

    private boolean dockerSocketPresent() {
        return !dockerHost.startsWith("unix://") || Files.exists(Path.of(dockerHost.substring("unix://".length())));
    }
}
