package eu.atmosphere.tmaf.monitor.probe.docker;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real containerd the tests run containers on: the one at {@code CONTAINERD_ADDRESS} (started by
 * {@code src/test/scripts/containerd.sh start}), namespace {@code k8s.io}, with the image that script
 * imports. Containers are created and driven with containerd's own client, {@code ctr} (runc, a new
 * network namespace with loopback only unless given one), and removed by {@link #close()}.
 *
 * <p>No reachable containerd: the tests are skipped with the reason, unless
 * {@code TMA_REQUIRE_CONTAINERD=true} (CI), which makes them fail.
 */
final class TestContainerd implements AutoCloseable {

    static final String IMAGE = "docker.io/tma-probe-test/busybox:latest";
    static final String NAMESPACE = Containerd.DEFAULT_NAMESPACE;

    private final String address;
    private final List<String> containers = new ArrayList<>();
    private final List<String> netns = new ArrayList<>();

    private TestContainerd(String address) {
        this.address = address;
    }

    static String configuredAddress() {
        String address = System.getenv("CONTAINERD_ADDRESS");
        return address == null || address.isBlank() ? Containerd.DEFAULT_ADDRESS : address;
    }

    /** @return the daemon; skips (or with TMA_REQUIRE_CONTAINERD=true fails) the test if there is none */
    static TestContainerd connectOrSkip() {
        TestContainerd containerd = new TestContainerd(configuredAddress());
        String images;
        try {
            images = containerd.ctr("images", "list", "-q");
        } catch (RuntimeException e) {
            String reason = "no containerd reachable at CONTAINERD_ADDRESS=" + containerd.address + " (" + e.getMessage()
                    + "); start one with 'export CONTAINERD_ADDRESS=$(probe-docker/src/test/scripts/containerd.sh start)'";
            if (Boolean.parseBoolean(System.getenv("TMA_REQUIRE_CONTAINERD"))) {
                fail(reason + " - TMA_REQUIRE_CONTAINERD=true forbids skipping");
            }
            Assumptions.abort(reason);
            throw e;
        }
        if (!images.lines().toList().contains(IMAGE)) {
            fail("containerd at " + containerd.address + " has no image " + IMAGE + ": containerd.sh start imports it");
        }
        return containerd;
    }

    String address() {
        return address;
    }

    /** Creates and starts a container ({@code ctr run --detach}); @return its id */
    String run(Map<String, String> labels, String script, String... options) {
        String id = "tma-test-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("run", "--detach"));
        labels.forEach((key, value) -> args.addAll(List.of("--label", key + "=" + value)));
        args.addAll(List.of(options));
        args.addAll(List.of(IMAGE, id, "sh", "-c", script));
        containers.add(id);
        ctr(args.toArray(String[]::new));
        return id;
    }

    /**
     * A container without a task: run, then stopped (ctr 1.6's {@code containers create} refuses a
     * command line).
     *
     * @return its id
     */
    String create(Map<String, String> labels, String script) {
        String id = run(labels, script);
        stop(id);
        return id;
    }

    /** Starts the container's task, detached. */
    void start(String id) {
        ctr("tasks", "start", "--detach", id);
    }

    /** Kills the task and deletes it, as when a container stops. */
    void stop(String id) {
        ctr("tasks", "kill", "--signal", "SIGKILL", id);
        ctr("tasks", "delete", "--force", id);
    }

    /**
     * A network namespace the test owns, with a veth pair {@code va} (10.253.0.1/24) and {@code vb} up:
     * traffic stays inside it.
     *
     * @return its path, for {@code --with-ns network:PATH}
     */
    String networkNamespace() {
        String name = "tma-test-" + UUID.randomUUID().toString().substring(0, 8);
        command("ip", "netns", "add", name);
        netns.add(name);
        command("ip", "-n", name, "link", "add", "va", "type", "veth", "peer", "name", "vb");
        command("ip", "-n", name, "addr", "add", "10.253.0.1/24", "dev", "va");
        command("ip", "-n", name, "link", "set", "va", "up");
        command("ip", "-n", name, "link", "set", "vb", "up");
        return "/var/run/netns/" + name;
    }

    @Override
    public void close() {
        for (String id : containers) {
            tryCtr("tasks", "delete", "--force", id);
            tryCtr("containers", "delete", id);
        }
        for (String name : netns) {
            command("ip", "netns", "delete", name);
        }
    }

    private void tryCtr(String... args) {
        try {
            ctr(args);
        } catch (RuntimeException e) {
            // already gone
        }
    }

    /** @return the standard output of {@code ctr --address ADDRESS --namespace k8s.io ARGS} */
    String ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", address, "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        return command(command.toArray(String[]::new));
    }

    private static String command(String... command) {
        try {
            Path output = Files.createTempFile("tma-ctr", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + ": no answer within 30 s");
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + ": exit " + process.exitValue() + ": "
                            + text.strip());
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
