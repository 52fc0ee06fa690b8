package eu.atmosphere.tmaf.monitor.probe.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import eu.atmosphere.tmaf.monitor.probe.common.SourceUnavailableException;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.ContainersApi.Container;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.ContainersApi.ListContainersRequest;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.ContainersGrpc;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.TasksApi;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.TasksApi.Process;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.TasksGrpc;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.VersionGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * containerd through its own gRPC API on its unix socket (grpc-java's stubs generated from containerd's
 * definitions in {@code src/main/proto/third_party/containerd}, Netty's epoll transport): the
 * containers of one namespace ({@code k8s.io}, where the kubelet's CRI plugin keeps them) and their task
 * metrics (cgroup v1 or v2), plus from the host's {@code /proc} what the Docker Engine adds to its stats
 * (host CPU time and memory, the task's network counters).
 *
 * <ul>
 * <li>Name: {@code namespace/pod/container} from the Kubernetes labels {@code io.kubernetes.pod.namespace},
 *     {@code io.kubernetes.pod.name} and {@code io.kubernetes.container.name}; the container id without
 *     them. A container is watched by that name or its id; of several by one name (Kubernetes keeps the
 *     exited attempt beside the restarted one) the running, else the newest.</li>
 * <li>Pod sandboxes ({@code io.cri-containerd.kind=sandbox}, the pause containers) are not reported.</li>
 * <li>Network: the counters of the network namespace of the task's process, loopback left out; none for a
 *     container in the host's network (its spec has no network namespace).</li>
 * </ul>
 *
 * <pre>{@code
 * try (Containerd containerd = Containerd.connect("/run/containerd/containerd.sock", "k8s.io", HostProc.LOCAL)) {
 *     containerd.ping();
 *     List<String> running = containerd.runningNames(List.of("io.kubernetes.pod.namespace=shop"));
 * }
 * }</pre>
 */
final class Containerd implements ContainerRuntime {

    /** containerd's socket on a node. */
    static final String DEFAULT_ADDRESS = "/run/containerd/containerd.sock";
    /** The namespace of the kubelet's containers. */
    static final String DEFAULT_NAMESPACE = "k8s.io";
    /** Kubernetes' labels on the containers its CRI plugin creates. */
    static final String POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    static final String POD_NAME_LABEL = "io.kubernetes.pod.name";
    static final String CONTAINER_NAME_LABEL = "io.kubernetes.container.name";
    private static final String KIND_LABEL = "io.cri-containerd.kind";

    private static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int REMEMBERED_TASKS = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String address;
    private final String namespace;
    private final HostProc proc;
    private final ManagedChannel channel;
    private final VersionGrpc.VersionBlockingStub versionApi;
    private final ContainersGrpc.ContainersBlockingStub containersApi;
    private final TasksGrpc.TasksBlockingStub tasksApi;
    /** Per container id, its task as the last {@link #inspect} saw it: what {@link #stats} needs beyond the id. */
    private final Map<String, Task> tasks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Task> eldest) {
            return size() > REMEMBERED_TASKS;
        }
    };

    private record Task(long pid, boolean ownNetwork) {
    }

    private Containerd(String address, String namespace, HostProc proc, ManagedChannel channel) {
        this.address = address;
        this.namespace = namespace;
        this.proc = proc;
        this.channel = channel;
        Metadata headers = new Metadata();
        headers.put(NAMESPACE_HEADER, namespace);
        this.versionApi = VersionGrpc.newBlockingStub(channel);
        this.containersApi = ContainersGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        this.tasksApi = TasksGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /**
     * Creates the client; connects lazily.
     *
     * @param address   the socket, {@code /run/containerd/containerd.sock} or {@code unix:///run/...}
     * @param namespace the containerd namespace to report, e.g. {@code k8s.io}
     * @param proc      the host's {@code /proc}
     * @return the client
     */
    static Containerd connect(String address, String namespace, HostProc proc) {
        String path = socketPath(address);
        ManagedChannel channel = Grpc.newChannelBuilder("unix://" + path, InsecureChannelCredentials.create())
                .build();
        return new Containerd(path, namespace, proc, channel);
    }

    /** @return the socket's path of {@code /path} or {@code unix:///path} */
    static String socketPath(String address) {
        return address.startsWith("unix://") ? address.substring("unix://".length()) : address;
    }

    @Override
    public String describe() {
        return "containerd at " + address + " (namespace " + namespace + ")";
    }

    @Override
    public void ping() throws SourceUnavailableException {
        call(versionApi, api -> api.version(Empty.getDefaultInstance()));
    }

    @Override
    public Optional<ContainerRef> inspect(String nameOrId) throws SourceUnavailableException {
        List<String> filters = new ArrayList<>(List.of("id==" + quote(nameOrId)));
        String[] parts = nameOrId.split("/", -1);
        if (parts.length == 3) {
            filters.add(String.join(",", label(POD_NAMESPACE_LABEL, parts[0]), label(POD_NAME_LABEL, parts[1]),
                    label(CONTAINER_NAME_LABEL, parts[2])));
        }
        ContainerRef best = null;
        Container bestContainer = null;
        for (Container container : containers(filters)) {
            Optional<Process> task = task(container.getId());
            ContainerRef ref = ref(container, task);
            if (best == null || better(ref, container, best, bestContainer)) {
                best = ref;
                bestContainer = container;
                task.ifPresent(process -> tasks.put(container.getId(),
                        new Task(process.getPid(), ownNetwork(container))));
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public List<String> runningNames(Collection<String> labelFilters) throws SourceUnavailableException {
        List<String> filters = labelFilters.isEmpty() ? List.of()
                : List.of(String.join(",", labelFilters.stream().map(Containerd::labelFilter).toList()));
        Set<String> running = new LinkedHashSet<>();
        for (Process process : call(tasksApi, api -> api.list(TasksApi.ListTasksRequest.getDefaultInstance()))
                .getTasksList()) {
            if (running(process)) {
                running.add(process.getId());
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Container container : containers(filters)) {
            if (running.contains(container.getId()) && !"sandbox".equals(container.getLabelsMap().get(KIND_LABEL))) {
                names.add(name(container));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public Optional<ContainerStats> stats(ContainerRef container) throws SourceUnavailableException {
        TasksApi.MetricsResponse response;
        try {
            response = call(tasksApi, api -> api.metrics(
                    TasksApi.MetricsRequest.newBuilder().addFilters("id==" + quote(container.id())).build()));
        } catch (StatusRuntimeException e) {
            return notFoundOrRefused(e, container.id());
        }
        if (response.getMetricsCount() == 0) {
            return Optional.empty();
        }
        TasksApi.Metric metric = response.getMetrics(0);
        Task task = tasks.get(container.id());
        try {
            return Optional.of(TaskMetrics.of(instant(metric.getTimestamp()), metric.getData(), proc.cpu(),
                    proc.memoryTotal(), task != null && task.ownNetwork() ? proc.network(task.pid()) : Optional.empty()));
        } catch (IllegalArgumentException e) {
            throw new ContainerRefusedException(e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Container> containers(List<String> filters) throws SourceUnavailableException {
        return call(containersApi, api -> api.list(ListContainersRequest.newBuilder().addAllFilters(filters).build()))
                .getContainersList();
    }

    private Optional<Process> task(String id) throws SourceUnavailableException {
        try {
            return Optional.of(call(tasksApi, api -> api.get(TasksApi.GetRequest.newBuilder().setContainerId(id).build()))
                    .getProcess());
        } catch (StatusRuntimeException e) {
            return notFoundOrRefused(e, id);
        }
    }

    private static <T> Optional<T> notFoundOrRefused(StatusRuntimeException e, String id) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            return Optional.empty();
        }
        throw new ContainerRefusedException(id + ": " + e.getStatus(), e);
    }

    private static ContainerRef ref(Container container, Optional<Process> task) {
        boolean running = task.map(Containerd::running).orElse(false);
        String status = task.map(process -> process.getStatus().name().toLowerCase(java.util.Locale.ROOT))
                .orElse("created, without a task");
        String run = task.map(process -> "pid " + process.getPid()).orElse("none");
        return new ContainerRef(container.getId(), name(container), running, status, run, container.getLabelsMap());
    }

    /** @return whether {@code ref} should be watched rather than {@code best}: running first, then newest */
    private static boolean better(ContainerRef ref, Container container, ContainerRef best, Container bestContainer) {
        if (ref.running() != best.running()) {
            return ref.running();
        }
        Comparator<Timestamp> byTime = Comparator.comparingLong(Timestamp::getSeconds)
                .thenComparingInt(Timestamp::getNanos);
        return byTime.compare(container.getCreatedAt(), bestContainer.getCreatedAt()) > 0;
    }

    private static boolean running(Process process) {
        return switch (process.getStatus()) {
            case RUNNING, PAUSED, PAUSING -> true;
            default -> false;
        };
    }

    /** @return {@code namespace/pod/container} from the Kubernetes labels, else the container id */
    static String name(Container container) {
        Map<String, String> labels = container.getLabelsMap();
        String pod = labels.get(POD_NAME_LABEL);
        String podNamespace = labels.get(POD_NAMESPACE_LABEL);
        String name = labels.get(CONTAINER_NAME_LABEL);
        return pod == null || podNamespace == null || name == null ? container.getId()
                : podNamespace + "/" + pod + "/" + name;
    }

    /** @return whether the container's OCI spec gives it a network namespace (none: the host's network) */
    private static boolean ownNetwork(Container container) {
        try {
            JsonNode spec = JSON.readTree(container.getSpec().getValue().toByteArray());
            for (JsonNode ns : spec.path("linux").path("namespaces")) {
                if ("network".equals(ns.path("type").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String labelFilter(String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? "labels." + quote(filter) : label(filter.substring(0, eq), filter.substring(eq + 1));
    }

    private static String label(String key, String value) {
        return "labels." + quote(key) + "==" + quote(value);
    }

    /** @return a quoted string of containerd's filter syntax */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** @return the answer of one call on the stub, which gets {@link #CALL_TIMEOUT} as its deadline */
    private <S extends AbstractStub<S>, R> R call(S stub, Function<S, R> method) throws SourceUnavailableException {
        try {
            return method.apply(stub.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                throw new SourceUnavailableException(describe() + " unreachable: " + code
                        + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()), e);
            }
            throw e;
        }
    }
}
