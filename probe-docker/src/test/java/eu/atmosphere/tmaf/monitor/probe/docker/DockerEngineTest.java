package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.assertNoSample;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.assertSampled;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.only;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.value;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.valueIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.HostConfig;
import eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.Sample;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The container probe against a real Docker engine ({@code DOCKER_HOST}, see {@link TestEngine}): real CPU
 * and block-I/O values, waiting for and re-attaching to containers, label selection, and one message
 * through the real monitor server into Kafka.
 */
class DockerEngineTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long MIB = 1 << 20;

    private static TestEngine docker;
    private static Engine engine;

    @BeforeAll
    static void connect() {
        docker = TestEngine.connectOrSkip();
        engine = Engine.connect(docker.host());
    }

    @AfterAll
    static void removeContainers() throws IOException {
        if (docker != null) {
            engine.close();
            docker.close();
        }
    }

    @Test
    void aContainerBurningCpuReportsRealCpuTimeAndPercentage() throws Exception {
        String name = docker.run(Map.of(), HostConfig.newHostConfig(), "while :; do :; done");
        ContainerSampler sampler = sampler(List.of(name), List.of(), Map.of());
        Sample first;
        Sample second;
        try {
            first = only(sampler.sample());
            Thread.sleep(1500);
            second = only(sampler.sample());
        } finally {
            docker.remove(name);
        }

        assertEquals(ResourceIds.derive(name), second.resourceId());
        assertTrue(value(first, CPU_TOTAL).orElseThrow() > 0);
        assertTrue(value(second, CPU_TOTAL).orElseThrow() > value(first, CPU_TOTAL).orElseThrow());
        assertTrue(value(first, CPU_PERCENT).isEmpty(), "no percentage from a single sample");
        double percent = value(second, CPU_PERCENT).orElseThrow();
        assertTrue(percent > 5 && percent <= 205, "a busy loop gets a good share of a CPU: " + percent);
        assertTrue(value(second, MEMORY_USAGE).orElseThrow() > 0);
        assertTrue(value(second, MEMORY_LIMIT).orElseThrow() > 0);
        assertTrue(value(second, PIDS_CURRENT).orElseThrow() >= 1);
        assertTrue(value(second, NET_RX_BYTES).isEmpty(), "--network none: no network data, not 0");
    }

    @Test
    void aContainerWritingToDiskReportsRealBlockIoWrites() throws Exception {
        String name = docker.run(Map.of(), HostConfig.newHostConfig(),
                "dd if=/dev/zero of=/tmp/written bs=1M count=8 oflag=direct && sleep 600");
        ContainerSampler sampler = sampler(List.of(name), List.of(), Map.of());

        double written = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (written < 8 * MIB && System.nanoTime() < deadline) {
            Thread.sleep(250);
            written = value(only(sampler.sample()), BLKIO_WRITE_BYTES).orElse(0);
        }

        assertTrue(written >= 8 * MIB, "8 MiB written with O_DIRECT, counted " + written + " bytes; block-I/O "
                + "counters stay empty until some cgroup sets an I/O limit (docker-engine.sh start does that)");
    }

    @Test
    void waitsForAContainerToExistAndRunAndReattachesAfterRestartAndStop() throws Exception {
        String name = "tma-test-late-" + UUID.randomUUID().toString().substring(0, 8);
        ContainerSampler sampler = sampler(List.of(name), List.of(), Map.of());

        assertNoSample(sampler, name, ContainerWatch.State.MISSING);

        docker.create(name, Map.of(), HostConfig.newHostConfig(), "sleep 600");
        assertNoSample(sampler, name, ContainerWatch.State.STOPPED);

        docker.start(name);
        assertSampled(sampler, name, 1);

        docker.restart(name);
        assertSampled(sampler, name, 2);

        docker.stop(name);
        assertNoSample(sampler, name, ContainerWatch.State.STOPPED);

        docker.start(name);
        assertSampled(sampler, name, 3);
    }

    @Test
    void labelSelectionAndResourceIdsFromLabelOrConfiguration() throws Exception {
        String app = "tma-test-" + UUID.randomUUID().toString().substring(0, 8);
        String labelled = docker.run(Map.of("app", app, DockerProbe.DEFAULT_RESOURCE_ID_LABEL, "4242"),
                HostConfig.newHostConfig(), "sleep 600");
        String plain = docker.run(Map.of("app", app), HostConfig.newHostConfig(), "sleep 600");
        docker.run(Map.of("app", "someone-else"), HostConfig.newHostConfig(), "sleep 600");

        List<Sample> samples = sampler(List.of(), List.of("app=" + app), Map.of(plain, 77L)).sample();

        assertEquals(2, samples.size());
        assertTrue(samples.stream().anyMatch(s -> s.resourceId() == 4242), "from the label of " + labelled);
        assertTrue(samples.stream().anyMatch(s -> s.resourceId() == 77), "configured for " + plain);
    }

    @Test
    void theProbeSendsItsMessagesThroughTheRealServerIntoKafka() throws Exception {
        String name = docker.run(Map.of(), HostConfig.newHostConfig(), "while :; do :; done");
        JsonNode message;
        try {
            message = ThroughKafka.secondMessage(KAFKA, 5151, "--docker-host", docker.host(), "--container", name,
                    "--resource-id", name + "=5151");
        } finally {
            docker.remove(name);
        }

        assertTrue(valueIn(message, CPU_TOTAL) > 0);
        double percent = valueIn(message, CPU_PERCENT);
        assertTrue(percent > 0, "the second sample carries the CPU percentage: " + percent + " in " + message);
    }

    private static ContainerSampler sampler(List<String> containers, List<String> labels, Map<String, Long> ids) {
        return new ContainerSampler(engine, containers, labels, new ResourceIds(ids),
                DockerProbe.DEFAULT_RESOURCE_ID_LABEL);
    }
}
