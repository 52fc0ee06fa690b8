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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No daemon at all: the sampler reports it as unavailable and the probe keeps waiting instead of dying. */
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
    void theProbeKeepsRetryingUntilStopped(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        String monitor = "http://127.0.0.1:" + closedPort();
        Thread probe = new Thread(() -> exit.set(ProbeCommandLine.execute(
                new DockerProbe(new PrintStream(progress, true, StandardCharsets.UTF_8)),
                "--url", monitor, "--probe-id", "7", "--count", "1",
                "--docker-host", "unix://" + dir.resolve("docker.sock"), "--container", "web",
                "--drain-timeout", "1s")), "probe");
        probe.start();

        probe.join(3_500);
        assertTrue(probe.isAlive(), "still retrying the daemon after 3.5 s (1 s, 2 s backoff)");
        probe.interrupt();
        probe.join(10_000);

        assertEquals(0, exit.get(), "stopped with nothing undelivered");
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("rounds=0 messages=0"), progress::toString);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
