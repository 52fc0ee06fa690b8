package eu.atmosphere.tmaf.monitor.probe.docker;

import eu.atmosphere.tmaf.monitor.probe.common.ClientOptions;
import eu.atmosphere.tmaf.monitor.probe.common.DurationConverter;
import eu.atmosphere.tmaf.monitor.probe.common.LoopOptions;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeCommandLine;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeLoop;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.Sampler;
import eu.atmosphere.tmaf.monitor.probe.host.HostSampler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The container and host metrics probe: every interval one message per running watched container
 * (Docker Engine stats or containerd task metrics, one {@link ContainerMetric} table for both), or with
 * {@code --host} one per host, disk and network interface (OSHI,
 * {@link eu.atmosphere.tmaf.monitor.probe.host.HostMetric} table).
 *
 * <pre>
 * java -jar probe-docker/target/probe-docker.jar --probe-id 7 --container web --container db
 * java -jar probe-docker.jar --probe-id 7 --label app=shop --interval 10s
 * java -jar probe-docker.jar --probe-id 7 --runtime containerd --label io.kubernetes.pod.namespace=shop
 * java -jar probe-docker.jar --probe-id 8 --host
 * </pre>
 *
 * Neither an unreachable runtime nor a missing or stopped container ends a long-running probe: it waits,
 * retries with backoff and re-attaches. With {@code --count}, a runtime that does not answer within
 * {@code --runtime-timeout} ends it with {@value #EXIT_NO_RUNTIME} and what to check.
 */
@Command(name = "probe-docker", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = DockerProbe.Version.class,
        description = "Reports container statistics from the Docker Engine or containerd (or, with --host, this "
                + "node's CPU, memory, disks and network) to the TMA Monitor every interval.",
        exitCodeListHeading = "Exit codes (with --count):%n",
        exitCodeList = {"0:every message was accepted", "1:some message was refused, dropped or not delivered",
            "2:usage or configuration error",
            "3:no container runtime answered within --runtime-timeout"})
public final class DockerProbe implements Callable<Integer> {

    /** With {@code --count}: no container runtime answered within {@code --runtime-timeout}. */
    public static final int EXIT_NO_RUNTIME = 3;

    /** The container label that may carry a container's resourceId. */
    public static final String DEFAULT_RESOURCE_ID_LABEL = "eu.atmosphere.tmaf.resource-id";

    private static final Logger LOG = LoggerFactory.getLogger(DockerProbe.class);

    @Mixin
    ClientOptions client;

    @Mixin
    LoopOptions loop;

    @Option(names = {"-c", "--container"}, split = ",", paramLabel = "NAME|ID",
            defaultValue = "${env:TMA_DOCKER_CONTAINERS}",
            description = "Container to watch, repeatable or comma-separated; waited for if it does not exist "
                    + "or run yet (env TMA_DOCKER_CONTAINERS).")
    List<String> containers = new ArrayList<>();

    @Option(names = {"-l", "--label"}, split = ",", paramLabel = "KEY[=VALUE]",
            defaultValue = "${env:TMA_DOCKER_LABELS}",
            description = "Also watch the running containers having all these labels (env TMA_DOCKER_LABELS). "
                    + "Without --container and --label: every running container.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--resource-id", split = ",", paramLabel = "NAME=ID", defaultValue = "${env:TMA_RESOURCE_IDS}",
            description = "resourceId of a container (or host resource) by name; others use the "
                    + "resource-id label, else CRC-32 of the name & 0x7fffffff (env TMA_RESOURCE_IDS).")
    Map<String, Long> resourceIds = new LinkedHashMap<>();

    @Option(names = "--resource-id-label", paramLabel = "KEY",
            defaultValue = "${env:TMA_RESOURCE_ID_LABEL:-" + DEFAULT_RESOURCE_ID_LABEL + "}",
            description = "Container label holding its resourceId (env TMA_RESOURCE_ID_LABEL; "
                    + "default ${DEFAULT-VALUE}).")
    String resourceIdLabel;

    @Option(names = "--docker-host", paramLabel = "URI", defaultValue = "${env:DOCKER_HOST:-unix:///var/run/docker.sock}",
            description = "Docker daemon: unix:///path or tcp://host:port; TLS from DOCKER_TLS_VERIFY and "
                    + "DOCKER_CERT_PATH (env DOCKER_HOST; default ${DEFAULT-VALUE}).")
    String dockerHost;

    @Option(names = "--runtime", paramLabel = "auto|docker|containerd",
            defaultValue = "${env:TMA_CONTAINER_RUNTIME:-auto}", converter = RuntimeKindConverter.class,
            description = "Container runtime to read; auto: Docker if its socket exists, else containerd if its "
                    + "socket exists (env TMA_CONTAINER_RUNTIME; default ${DEFAULT-VALUE}).")
    RuntimeChoice.Kind runtime;

    @Option(names = "--containerd-address", paramLabel = "PATH",
            defaultValue = "${env:CONTAINERD_ADDRESS:-" + Containerd.DEFAULT_ADDRESS + "}",
            description = "containerd's socket (env CONTAINERD_ADDRESS; default ${DEFAULT-VALUE}).")
    String containerdAddress;

    @Option(names = "--containerd-namespace", paramLabel = "NAMESPACE",
            defaultValue = "${env:CONTAINERD_NAMESPACE:-" + Containerd.DEFAULT_NAMESPACE + "}",
            description = "containerd namespace whose containers are reported; Kubernetes' is k8s.io "
                    + "(env CONTAINERD_NAMESPACE; default ${DEFAULT-VALUE}).")
    String containerdNamespace;

    @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "${env:TMA_PROC_ROOT:-/proc}",
            description = "The host's /proc (in a pod: the host's, mounted), for containerd: host CPU time, memory "
                    + "and the containers' network counters (env TMA_PROC_ROOT; default ${DEFAULT-VALUE}).")
    Path procRoot;

    @Option(names = "--runtime-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:TMA_RUNTIME_TIMEOUT:-10s}",
            description = "With --count: how long to wait for the container runtime to answer before exiting "
                    + "with status 3; without --count the probe waits as long as it takes, printing what it "
                    + "waits for (env TMA_RUNTIME_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration runtimeTimeout;

    @Option(names = "--host", defaultValue = "${env:TMA_HOST_MODE:-false}",
            description = "Report this node instead of containers (env TMA_HOST_MODE).")
    boolean hostMode;

    @Option(names = "--host-name", paramLabel = "NAME", defaultValue = "${env:TMA_HOST_NAME}",
            description = "Resource name of this node in --host mode (env TMA_HOST_NAME; default: its host name).")
    String hostName;

    private final PrintStream out;
    private final PrintStream err;

    /** A probe printing progress to standard output. */
    public DockerProbe() {
        this(System.out, System.err);
    }

    DockerProbe(PrintStream out) {
        this(out, System.err);
    }

    DockerProbe(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the probe.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        System.exit(ProbeCommandLine.execute(new DockerProbe(), args));
    }

    @Override
    public Integer call() throws IOException {
        ResourceIds ids = new ResourceIds(resourceIds == null ? Map.of() : resourceIds);
        ProbeLoop probe = new ProbeLoop(client.config(OptionalLong.empty()), client.drainTimeout(), loop, out);
        if (hostMode) {
            HostSampler host = new HostSampler(hostName == null || hostName.isBlank()
                    ? HostSampler.localHostName() : hostName, ids);
            LOG.info("Reporting host {} as resourceId {} every {}", host.hostResource(),
                    ids.of(host.hostResource()), loop.interval());
            return probe.run(host);
        }
        RuntimeChoice choice = new RuntimeChoice(runtime, dockerHost, containerdAddress, containerdNamespace,
                new HostProc(procRoot));
        RuntimeWait wait = new RuntimeWait(choice, loop.count() > 0 ? Optional.of(runtimeTimeout) : Optional.empty(),
                loop.progressInterval(), out);
        Optional<ContainerRuntime> answering;
        try {
            answering = wait.await();
        } catch (InterruptedException e) {
            LOG.info("Stopped while waiting for a container runtime");
            return ProbeLoop.EXIT_OK;
        }
        if (answering.isEmpty()) {
            err.println("error: no container runtime answered within " + runtimeTimeout.toMillis() / 1000.0 + " s: "
                    + wait.failure() + "; " + choice.hint());
            return EXIT_NO_RUNTIME;
        }
        try (ContainerRuntime containerRuntime = answering.get()) {
            Sampler sampler = new ContainerSampler(containerRuntime, nonBlank(containers), nonBlank(labels), ids,
                    resourceIdLabel);
            LOG.info("Reporting containers {} of {} every {}", describe(), containerRuntime.describe(),
                    loop.interval());
            return probe.run(sampler);
        }
    }

    private String describe() {
        if (nonBlank(containers).isEmpty() && nonBlank(labels).isEmpty()) {
            return "(all running)";
        }
        return nonBlank(containers) + (nonBlank(labels).isEmpty() ? "" : " + labels " + nonBlank(labels));
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** Reads {@code --runtime} case-insensitively. */
    static final class RuntimeKindConverter implements picocli.CommandLine.ITypeConverter<RuntimeChoice.Kind> {
        @Override
        public RuntimeChoice.Kind convert(String value) {
            try {
                return RuntimeChoice.Kind.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a runtime: auto, docker or containerd");
            }
        }
    }

    /** The jar's implementation version. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DockerProbe.class.getPackage().getImplementationVersion();
            return new String[] {"probe-docker " + (version == null ? "(development build)" : version)};
        }
    }
}
