package eu.atmosphere.tmaf.monitor.probe.docker;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.ContainersApi;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.TasksApi;
import eu.atmosphere.tmaf.monitor.probe.containerd.api.VersionApi;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * The containerd gRPC methods the probe calls, declared with grpc-java's own API on the messages
 * generated from {@code src/main/proto} (a stub generator would produce the same descriptors; Maven
 * Central serves no binary of grpc-java's generator for current releases on this platform).
 *
 * <pre>{@code
 * VersionApi.VersionResponse version = ClientCalls.blockingUnaryCall(channel, ContainerdApi.VERSION,
 *         CallOptions.DEFAULT, Empty.getDefaultInstance());
 * }</pre>
 */
final class ContainerdApi {

    /** {@code containerd.services.version.v1.Version/Version}. */
    static final MethodDescriptor<Empty, VersionApi.VersionResponse> VERSION = unary(
            "containerd.services.version.v1.Version", "Version", Empty.getDefaultInstance(),
            VersionApi.VersionResponse.getDefaultInstance());
    /** {@code containerd.services.containers.v1.Containers/List}. */
    static final MethodDescriptor<ContainersApi.ListContainersRequest, ContainersApi.ListContainersResponse>
            LIST_CONTAINERS = unary("containerd.services.containers.v1.Containers", "List",
            ContainersApi.ListContainersRequest.getDefaultInstance(),
            ContainersApi.ListContainersResponse.getDefaultInstance());
    /** {@code containerd.services.tasks.v1.Tasks/Get}. */
    static final MethodDescriptor<TasksApi.GetRequest, TasksApi.GetResponse> GET_TASK = unary(
            "containerd.services.tasks.v1.Tasks", "Get", TasksApi.GetRequest.getDefaultInstance(),
            TasksApi.GetResponse.getDefaultInstance());
    /** {@code containerd.services.tasks.v1.Tasks/List}. */
    static final MethodDescriptor<TasksApi.ListTasksRequest, TasksApi.ListTasksResponse> LIST_TASKS = unary(
            "containerd.services.tasks.v1.Tasks", "List", TasksApi.ListTasksRequest.getDefaultInstance(),
            TasksApi.ListTasksResponse.getDefaultInstance());
    /** {@code containerd.services.tasks.v1.Tasks/Metrics}. */
    static final MethodDescriptor<TasksApi.MetricsRequest, TasksApi.MetricsResponse> METRICS = unary(
            "containerd.services.tasks.v1.Tasks", "Metrics", TasksApi.MetricsRequest.getDefaultInstance(),
            TasksApi.MetricsResponse.getDefaultInstance());

    private ContainerdApi() {
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(String service, String method,
                                                                                        Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}
