package eu.atmosphere.tmaf.monitor.probe.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.probe.common.ProbeCommandLine;
import eu.atmosphere.tmaf.monitor.probe.common.ResourceIds;
import eu.atmosphere.tmaf.monitor.probe.common.SourceUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No runtime at all: the sampler reports it as unavailable; with {@code --count} the probe ends after
 * {@code --runtime-timeout} with status 3 and what to check, without it the probe keeps waiting and says so.
 */
class DaemonUnreachableTest {

    @Test
    void aMissingSocketOrClosedPortIsUnavailableNotAnError(@TempDir Path dir) throws IOException {
        for (String host : List.of("unix://" + dir.resolve("docker.sock"), "tcp://127.0.0.1:" + closedPort())) {
            try (Engine engine = Engine.connect(host)) {
                ContainerSampler sampler = new ContainerSampler(engine, List.of("web"), List.of(),
                        new ResourceIds(Map.of()), DockerProbe.DEFAULT_RESOURCE_ID_LABEL);

                SourceUnavailableException e = assertThrows(SourceUnavailableException.class, sampler::sample);
                assertTrue(e.getMessage().contains(host) && e.getMessage().contains("unreachable"), e.getMessage());
            }
        }
    }

    @Test
    void withCountTheProbeExitsWithAHintWhenNoRuntimeAnswers(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String socket = "unix://" + dir.resolve("docker.sock");
        long start = System.nanoTime();

        int exit = ProbeCommandLine.execute(new DockerProbe(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                "--url", "http://127.0.0.1:" + closedPort(), "--probe-id", "7", "--count", "1",
                "--docker-host", socket, "--containerd-address", dir.resolve("containerd.sock").toString(),
                "--runtime-timeout", "2s", "--drain-timeout", "1s");

        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        String error = err.toString(StandardCharsets.UTF_8);
        assertEquals(DockerProbe.EXIT_NO_RUNTIME, exit, error);
        assertTrue(seconds < 10, "bounded by --runtime-timeout 2s, took " + seconds + " s");
        assertTrue(error.startsWith("error: no container runtime answered within 2.0 s: no Docker socket at " + socket),
                error);
        for (String hint : List.of("--docker-host", "DOCKER_HOST", "--containerd-address", "CONTAINERD_ADDRESS",
                "--runtime docker|containerd")) {
            assertTrue(error.contains(hint), hint + " in " + error);
        }
        assertEquals(1, error.lines().count(), "one line, no stack trace: " + error);
    }

    @Test
    void withoutCountTheProbeKeepsWaitingAndSaysWhatItWaitsFor(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        String monitor = "http://127.0.0.1:" + closedPort();
        Thread probe = new Thread(() -> exit.set(ProbeCommandLine.execute(
                new DockerProbe(new PrintStream(progress, true, StandardCharsets.UTF_8)),
                "--url", monitor, "--probe-id", "7", "--runtime", "docker",
                "--docker-host", "unix://" + dir.resolve("docker.sock"), "--container", "web",
                "--progress-interval", "1s", "--runtime-timeout", "1s")), "probe");
        probe.start();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (progress.toString(StandardCharsets.UTF_8).lines().count() < 3 && System.nanoTime() < deadline) {
            probe.join(100);
        }
        assertTrue(probe.isAlive(), "still waiting for the daemon, --runtime-timeout 1s applies to --count only");
        probe.interrupt();
        probe.join(10_000);

        assertEquals(0, exit.get(), "stopped with nothing undelivered");
        List<String> lines = progress.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() >= 3, "a line about every second (--progress-interval 1s): " + lines);
        assertTrue(lines.get(0).contains("waiting for a container runtime (") && lines.get(0).contains("s): no Docker socket at unix://")
                && lines.get(0).contains("DOCKER_HOST"), lines.get(0));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
