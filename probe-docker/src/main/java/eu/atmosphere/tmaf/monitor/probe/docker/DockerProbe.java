package eu.atmosphere.tmaf.monitor.probe.docker;

import eu.atmosphere.tmaf.monitor.probe.common.ClientOptions;
import eu.atmosphere.tmaf.monitor.probe.common.LoopOptions;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeCommandLine;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeLoop;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.Sampler;
import eu.atmosphere.tmaf.monitor.probe.host.HostSampler;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The container and host metrics probe: every interval one message per running watched container
 * (Docker Engine stats, {@link ContainerMetric} table), or with {@code --host} one per host, disk and
 * network interface (OSHI, {@link eu.atmosphere.tmaf.monitor.probe.host.HostMetric} table).
 *
 * <pre>
 * java -jar probe-docker/target/probe-docker.jar --probe-id 7 --container web --container db
 * java -jar probe-docker.jar --probe-id 7 --label app=shop --interval 10s
 * java -jar probe-docker.jar --probe-id 8 --host
 * </pre>
 *
 * Neither an unreachable daemon nor a missing or stopped container ends the probe: it waits, retries
 * with backoff and re-attaches.
 */
@Command(name = "probe-docker", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = DockerProbe.Version.class,
        description = "Reports Docker container statistics (or, with --host, this node's CPU, memory, disks and "
                + "network) to the TMA Monitor every interval.",
        exitCodeListHeading = "Exit codes (with --count):%n",
        exitCodeList = {"0:every message was accepted", "1:some message was refused, dropped or not delivered",
            "2:usage or configuration error"})
public final class DockerProbe implements Callable<Integer> {

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

    @Option(names = "--host", defaultValue = "${env:TMA_HOST_MODE:-false}",
            description = "Report this node instead of containers (env TMA_HOST_MODE).")
    boolean hostMode;

    @Option(names = "--host-name", paramLabel = "NAME", defaultValue = "${env:TMA_HOST_NAME}",
            description = "Resource name of this node in --host mode (env TMA_HOST_NAME; default: its host name).")
    String hostName;

    private final PrintStream out;

    /** A probe printing progress to standard output. */
    public DockerProbe() {
        this(System.out);
    }

    DockerProbe(PrintStream out) {
        this.out = out;
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
        try (Engine engine = Engine.connect(dockerHost)) {
            Sampler sampler = new ContainerSampler(engine, nonBlank(containers), nonBlank(labels), ids, resourceIdLabel);
            LOG.info("Reporting containers {} of the Docker daemon at {} every {}", describe(), dockerHost,
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

    /** The jar's implementation version. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DockerProbe.class.getPackage().getImplementationVersion();
            return new String[] {"probe-docker " + (version == null ? "(development build)" : version)};
        }
    }
}
