package eu.atmosphere.tmaf.monitor.probe.docker;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Docker engine the tests run containers on: the one at {@code DOCKER_HOST} (started by
 * {@code src/test/scripts/docker-engine.sh start}), with the image that script imports. Containers are
 * created like {@code docker run --pull never --init --network none}, labelled, and removed by
 * {@link #close()}.
 *
 * <p>No reachable engine: the tests are skipped with the reason, unless {@code TMA_REQUIRE_DOCKER=true}
 * (CI), which makes them fail.
 */
final class TestEngine implements AutoCloseable {

    static final String IMAGE = "tma-probe-test/busybox:latest";
    static final String TEST_LABEL = "eu.atmosphere.tmaf.test";

    private final String host;
    private final DockerClient docker;

    private TestEngine(String host, DockerClient docker) {
        this.host = host;
        this.docker = docker;
    }

    static String dockerHost() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
    }

    /** @return the engine; skips (or with TMA_REQUIRE_DOCKER=true fails) the test if there is none */
    static TestEngine connectOrSkip() {
        String host = dockerHost();
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        DockerClient docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofSeconds(30)).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            String reason = "no Docker engine reachable at DOCKER_HOST=" + host + " (" + e + "); start one with "
                    + "'export DOCKER_HOST=$(probe-docker/src/test/scripts/docker-engine.sh start)'";
            if (Boolean.parseBoolean(System.getenv("TMA_REQUIRE_DOCKER"))) {
                fail(reason + " - TMA_REQUIRE_DOCKER=true forbids skipping");
            }
            Assumptions.abort(reason);
        }
        try {
            docker.inspectImageCmd(IMAGE).exec();
        } catch (NotFoundException e) {
            fail("the engine at " + host + " has no image " + IMAGE + ": docker-engine.sh start imports it");
        }
        return new TestEngine(host, docker);
    }

    String host() {
        return host;
    }

    /** Creates and starts a container; @return its name */
    String run(Map<String, String> labels, HostConfig limits, String script) {
        String name = "tma-test-" + UUID.randomUUID().toString().substring(0, 8);
        create(name, labels, limits, script);
        docker.startContainerCmd(name).exec();
        return name;
    }

    /** Creates a container without starting it. */
    void create(String name, Map<String, String> labels, HostConfig limits, String script) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(TEST_LABEL, "probe-docker");
        docker.createContainerCmd(IMAGE)
                .withName(name)
                .withLabels(all)
                .withCmd("sh", "-c", script)
                .withHostConfig(limits.withInit(true).withNetworkMode("none"))
                .exec();
    }

    void start(String name) {
        docker.startContainerCmd(name).exec();
    }

    void stop(String name) {
        docker.stopContainerCmd(name).withTimeout(2).exec();
    }

    void remove(String name) {
        docker.removeContainerCmd(name).withForce(true).exec();
    }

    void restart(String name) {
        docker.restartContainerCmd(name).withTimeout(2).exec();
    }

    @Override
    public void close() throws IOException {
        List<Container> ours = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TEST_LABEL, "probe-docker")).exec();
        for (Container container : ours) {
            docker.removeContainerCmd(container.getId()).withForce(true).exec();
        }
        docker.close();
    }
}
