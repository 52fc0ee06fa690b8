package eu.atmosphere.tmaf.monitor.probe.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import eu.atmosphere.tmaf.monitor.probe.common.SourceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker Engine API as the probe needs it, through docker-java with the Apache HttpClient 5
 * transport ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375}, or {@code tcp://host:2376}
 * with {@code DOCKER_TLS_VERIFY=1} and {@code DOCKER_CERT_PATH}).
 *
 * <p>Every method turns "the daemon cannot be reached" into {@link SourceUnavailableException};
 * an error answer about one container is an empty result (404: it was just removed) or a
 * {@link ContainerRefusedException}.
 *
 * <pre>{@code
 * try (Engine engine = Engine.connect("unix:///var/run/docker.sock")) {
 *     engine.ping();
 *     Optional<ContainerRef> web = engine.inspect("web");
 *     ContainerStats stats = engine.stats(web.get()).orElseThrow();
 * }
 * }</pre>
 */
final class Engine implements ContainerRuntime {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final DockerHttpClient http;
    private final DockerClient docker;

    private Engine(String host, DockerHttpClient http, DockerClient docker) {
        this.host = host;
        this.http = http;
        this.docker = docker;
    }

    /**
     * Creates the client; connects lazily.
     *
     * @param dockerHost e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}
     * @return the engine
     */
    static Engine connect(String dockerHost) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(8)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        return new Engine(dockerHost, http, DockerClientImpl.getInstance(config, http));
    }

    @Override
    public String describe() {
        return "Docker daemon at " + host;
    }

    @Override
    public void ping() throws SourceUnavailableException {
        call(() -> docker.pingCmd().exec());
    }

    /** {@inheritDoc} The name or (a prefix of) the id. */
    @Override
    public Optional<ContainerRef> inspect(String nameOrId) throws SourceUnavailableException {
        InspectContainerResponse response;
        try {
            response = call(() -> docker.inspectContainerCmd(nameOrId).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (DockerException e) {
            throw refused(e);
        }
        InspectContainerResponse.ContainerState state = response.getState();
        Map<String, String> labels = response.getConfig() == null || response.getConfig().getLabels() == null
                ? Map.of() : response.getConfig().getLabels();
        return Optional.of(new ContainerRef(response.getId(), stripSlash(response.getName()),
                Boolean.TRUE.equals(state.getRunning()), String.valueOf(state.getStatus()),
                String.valueOf(state.getStartedAt()), labels));
    }

    @Override
    public List<String> runningNames(Collection<String> labelFilters) throws SourceUnavailableException {
        List<Container> containers = call(() -> labelFilters.isEmpty()
                ? docker.listContainersCmd().exec()
                : docker.listContainersCmd().withLabelFilter(labelFilters).exec());
        List<String> names = new ArrayList<>(containers.size());
        for (Container container : containers) {
            String[] all = container.getNames();
            names.add(all != null && all.length > 0 ? stripSlash(all[0]) : container.getId());
        }
        return names;
    }

    /**
     * {@inheritDoc} Without waiting for a second sample ({@code one-shot}); the raw document, because
     * docker-java's model drops the cgroup v2 memory fields.
     */
    @Override
    public Optional<ContainerStats> stats(ContainerRef container) throws SourceUnavailableException {
        try {
            return document(container.id()).map(EngineStats::of);
        } catch (DockerException e) {
            throw refused(e);
        }
    }

    private Optional<JsonNode> document(String id) throws SourceUnavailableException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/stats?stream=false&one-shot=true")
                .build();
        return call(() -> {
            try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
                if (response.getStatusCode() == 404) {
                    return Optional.empty();
                }
                byte[] bytes = body.readAllBytes();
                if (response.getStatusCode() != 200) {
                    throw new DockerException(new String(bytes, StandardCharsets.UTF_8).strip(),
                            response.getStatusCode());
                }
                return Optional.of(JSON.readTree(bytes));
            } catch (IOException e) {
                throw new TransportFailure(e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }

    private <T> T call(Call<T> call) throws SourceUnavailableException {
        try {
            return call.run();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SourceUnavailableException("Docker daemon at " + host + " unreachable: " + rootMessage(e), e);
        }
    }

    private static ContainerRefusedException refused(DockerException e) {
        return new ContainerRefusedException(e.getHttpStatus() + " " + e.getMessage(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : String.valueOf(name);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run();
    }

    /** An IO failure talking to the daemon, carried through {@link Call}. */
    private static final class TransportFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransportFailure(IOException cause) {
            super(cause);
        }
    }
}
