package eu.atmosphere.tmaf.monitor.probe.docker;

import static eu.atmosphere.tmaf.monitor.probe.docker.ContainerMetric.*;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.assertNoSample;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.assertSampled;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.only;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.value;
import static eu.atmosphere.tmaf.monitor.probe.docker.Samples.valueIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The container probe against a real containerd ({@code CONTAINERD_ADDRESS}, see {@link TestContainerd}),
 * through containerd's gRPC API: real CPU and memory of a busy container, names from Kubernetes labels,
 * a container that stops and comes back, network counters of the task's namespace, and the probe's
 * messages through the real monitor server into Kafka.
 */
class ContainerdTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static TestContainerd ctr;
    private static Containerd containerd;

    @BeforeAll
    static void connect() {
        ctr = TestContainerd.connectOrSkip();
        containerd = Containerd.connect(ctr.address(), TestContainerd.NAMESPACE, HostProc.LOCAL);
    }

    @AfterAll
    static void removeContainers() throws IOException {
        if (ctr != null) {
            containerd.close();
            ctr.close();
        }
    }

    @Test
    void aBusyPodContainerIsNamedByItsLabelsAndReportsRealCpuAndMemory() throws Exception {
        String pod = "burn-" + UUID.randomUUID().toString().substring(0, 8);
        String id = ctr.run(kubernetes("tma-test", pod, "burner"), "while :; do :; done");
        String name = "tma-test/" + pod + "/burner";
        ContainerSampler sampler = sampler(List.of(name), List.of());

        Sample first = only(sampler.sample());
        Sample later = first;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (value(later, CPU_PERCENT).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            later = only(sampler.sample());
        }

        assertTrue(containerd.runningNames(List.of()).contains(name), "named by its Kubernetes labels, not " + id);
        assertEquals(ResourceIds.derive(name), later.resourceId());
        assertTrue(value(later, CPU_TOTAL).orElseThrow() > value(first, CPU_TOTAL).orElseThrow());
        double percent = value(later, CPU_PERCENT).orElseThrow();
        assertTrue(percent > 5 && percent <= 205, "a busy loop gets a good share of a CPU: " + percent);
        assertTrue(value(later, CPU_SYSTEM).orElseThrow() > 0 && value(later, CPU_ONLINE).orElseThrow() >= 1);
        assertTrue(value(later, MEMORY_USAGE).orElseThrow() > 0);
        assertTrue(value(later, MEMORY_LIMIT).orElseThrow() > 0, "unlimited: the host's memory, as Docker reports");
        assertTrue(value(later, MEMORY_WORKING_SET).isPresent() && value(later, MEMORY_PAGE_FAULTS).isPresent());
        assertTrue(value(later, PIDS_CURRENT).orElseThrow() >= 1);
        assertTrue(value(later, NET_RX_BYTES).isEmpty(), "loopback only: no network data, not 0");
    }

    @Test
    void waitsForAContainerToExistAndRunAndReattachesWhenItComesBack() throws Exception {
        String pod = "late-" + UUID.randomUUID().toString().substring(0, 8);
        String name = "tma-test/" + pod + "/sleeper";
        ContainerSampler sampler = sampler(List.of(name), List.of());

        assertNoSample(sampler, name, ContainerWatch.State.MISSING);

        String id = ctr.create(kubernetes("tma-test", pod, "sleeper"), "sleep 600");   // created, without a task
        assertNoSample(sampler, name, ContainerWatch.State.STOPPED);

        ctr.start(id);
        assertSampled(sampler, name, 1);

        ctr.stop(id);
        assertNoSample(sampler, name, ContainerWatch.State.STOPPED);

        ctr.start(id);
        assertSampled(sampler, name, 2);
    }

    @Test
    void labelSelectionLeavesOutSandboxesAndOthers() throws Exception {
        String app = "tma-test-" + UUID.randomUUID().toString().substring(0, 8);
        String plain = ctr.run(Map.of("app", app, DockerProbe.DEFAULT_RESOURCE_ID_LABEL, "4343"), "sleep 600");
        ctr.run(Map.of("app", app, "io.cri-containerd.kind", "sandbox"), "sleep 600");
        ctr.run(Map.of("app", "someone-else"), "sleep 600");

        assertEquals(List.of(plain), containerd.runningNames(List.of("app=" + app)), "by id: no Kubernetes labels");
        List<Sample> samples = sampler(List.of(), List.of("app=" + app)).sample();
        assertEquals(4343, only(samples).resourceId(), "resourceId from the container's label");
    }

    @Test
    void networkCountersOfTheTasksNamespaceWithoutLoopback() throws Exception {
        String netns = ctr.networkNamespace();
        String id = ctr.run(Map.of(), "ping -c 3 -W 1 10.253.0.9; sleep 600", "--with-ns", "network:" + netns);
        String hostNetwork = ctr.run(Map.of(), "sleep 600", "--net-host");
        ContainerSampler sampler = sampler(List.of(id, hostNetwork), List.of());

        double sent = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<Sample> samples = sampler.sample();
        while (sent < 3 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            samples = sampler.sample();
            sent = samples.stream().filter(s -> s.resourceId() == ResourceIds.derive(id))
                    .mapToDouble(s -> value(s, NET_TX_PACKETS).orElse(0)).sum();
        }

        assertTrue(sent >= 3, "three ARP requests for an unanswered ping leave through the veth: " + sent);
        Sample host = samples.stream().filter(s -> s.resourceId() == ResourceIds.derive(hostNetwork)).findFirst()
                .orElseThrow();
        assertFalse(value(host, NET_TX_PACKETS).isPresent(), "the host's network is not the container's");
    }

    @Test
    void theProbeSendsItsMessagesThroughTheRealServerIntoKafka() throws Exception {
        String pod = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        ctr.run(kubernetes("tma-test", pod, "c"), "while :; do :; done");
        String name = "tma-test/" + pod + "/c";
        JsonNode message = ThroughKafka.secondMessage(KAFKA, 5252, "--runtime", "containerd",
                "--containerd-address", ctr.address(), "--container", name, "--resource-id", name + "=5252");

        assertTrue(valueIn(message, CPU_TOTAL) > 0 && valueIn(message, MEMORY_USAGE) > 0);
        assertTrue(valueIn(message, CPU_PERCENT) > 0, "the second sample carries the CPU percentage: " + message);
    }

    private static Map<String, String> kubernetes(String namespace, String pod, String container) {
        return Map.of(Containerd.POD_NAMESPACE_LABEL, namespace, Containerd.POD_NAME_LABEL, pod,
                Containerd.CONTAINER_NAME_LABEL, container, "io.cri-containerd.kind", "container");
    }

    private static ContainerSampler sampler(List<String> containers, List<String> labels) {
        return new ContainerSampler(containerd, containers, labels, new ResourceIds(Map.of()),
                DockerProbe.DEFAULT_RESOURCE_ID_LABEL);
    }
}
