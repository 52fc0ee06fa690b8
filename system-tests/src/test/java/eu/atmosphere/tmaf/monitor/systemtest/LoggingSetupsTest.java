package eu.atmosphere.tmaf.monitor.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's warnings reach the probe developer whatever logging the probe carries. A small Maven project
 * of three probes, each depending on monitor-client 0.1 as a probe would (resolved offline from the local
 * repository this build installed it to), is built once; each probe then fails to authenticate against a
 * port where nothing listens, and its output must hold the client's warning:
 * <ul>
 * <li>{@code slf4j2-provider}: slf4j-simple 2 (an SLF4J 2 provider) prints it;</li>
 * <li>{@code slf4j17-binding}: slf4j-simple 1.7.36, an SLF4J 1.7 binding, which the resolved slf4j-api 2
 *     ignores: the client asks the binding directly, so it still prints it;</li>
 * <li>{@code no-binding}: no binding at all: java.util.logging prints it to standard error.</li>
 * </ul>
 */
class LoggingSetupsTest {

    private static final String SLF4J_2 = System.getProperty("tma.slf4jVersion");
    private static final String LEGACY_SLF4J = "1.7.36";
    private static final String WARNING = "Cannot authenticate probe 7: connection refused: nothing listens at 127.0.0.1:";

    @TempDir
    static Path project;
    static int closedPort;

    @BeforeAll
    static void buildTheProbes() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        write(project.resolve("pom.xml"), pom("probes", "pom", "<modules><module>slf4j2-provider</module>"
                + "<module>slf4j17-binding</module><module>no-binding</module></modules>", ""));
        module("slf4j2-provider", slf4jSimple(SLF4J_2));
        module("slf4j17-binding", slf4jSimple(LEGACY_SLF4J));
        module("no-binding", "");
        Path maven = Path.of(System.getProperty("tma.mavenHome"), "bin", "mvn");
        run(project, List.of(maven.toString(), "-B", "-o", "-q", "-Dmaven.repo.local="
                + System.getProperty("tma.localRepository"), "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("tma.dependencyPluginVersion")
                        + ":build-classpath", "-Dmdep.outputFile=classpath.txt"), 0);
    }

    @Test
    void anSlf4j2ProviderPrintsTheWarning() throws Exception {
        String output = runProbe("slf4j2-provider");
        assertTrue(output.contains("WARN eu.atmosphere.tmaf.monitor.client.MonitorClient - " + WARNING + closedPort), output);
    }

    @Test
    void anSlf4j17BindingIgnoredBySlf4jApi2StillPrintsTheWarning() throws Exception {
        assertTrue(classPath("slf4j17-binding").contains("slf4j-api-" + SLF4J_2 + ".jar"), "the probe resolved slf4j-api 2");
        String output = runProbe("slf4j17-binding");
        assertTrue(output.contains("Ignoring binding found at"), "slf4j-api 2 ignored the 1.7 binding: " + output);
        assertTrue(output.contains("WARN eu.atmosphere.tmaf.monitor.client.MonitorClient - " + WARNING + closedPort), output);
    }

    @Test
    void withoutAnyBindingJavaUtilLoggingPrintsTheWarning() throws Exception {
        String output = runProbe("no-binding");
        assertTrue(output.contains("monitor-client logs through java.util.logging"), output);
        assertTrue(output.contains("WARNING: " + WARNING + closedPort), output);
    }

    private static String runProbe(String module) throws Exception {
        Path dir = project.resolve(module);
        String classPath = dir.resolve("target/classes") + java.io.File.pathSeparator + classPath(module);
        return run(dir, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "probe.Probe", "http://127.0.0.1:" + closedPort), 0);
    }

    private static String classPath(String module) throws IOException {
        return Files.readString(project.resolve(module).resolve("classpath.txt")).trim();
    }

    private static void module(String name, String loggingDependency) throws IOException {
        Path dir = project.resolve(name);
        write(dir.resolve("pom.xml"), pom(name, "jar", "", loggingDependency));
        write(dir.resolve("src/main/java/probe/Probe.java"), String.join("\n",
                "package probe;",
                "",
                "import eu.atmosphere.tmaf.monitor.client.SynchronousClient;",
                "",
                "public class Probe {",
                "    public static void main(String[] args) {",
                "        SynchronousClient client = new SynchronousClient(args[0]);",
                "        System.out.println(\"authenticated \" + client.authenticate(7, \"secret\".getBytes()));",
                "    }",
                "}", ""));
    }

    private static String slf4jSimple(String version) {
        return "<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>" + version
                + "</version></dependency>";
    }

    /** The client comes first, as in most probes: its slf4j-api wins Maven's nearest-first tie. */
    private static String pom(String artifactId, String packaging, String modules, String loggingDependency) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>probes</groupId><artifactId>" + artifactId + "</artifactId><version>1</version>"
                + "<packaging>" + packaging + "</packaging>" + modules
                + "<properties><maven.compiler.release>8</maven.compiler.release>"
                + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>"
                + (packaging.equals("pom") ? "" : "<dependencies><dependency><groupId>eu.atmosphere.tmaf</groupId>"
                + "<artifactId>monitor-client</artifactId><version>0.1</version></dependency>" + loggingDependency
                + "</dependencies>")
                + "<build><plugins>"
                + plugin("maven-compiler-plugin", "tma.compilerPluginVersion")
                + plugin("maven-resources-plugin", "tma.resourcesPluginVersion")
                + "</plugins></build></project>";
    }

    private static String plugin(String artifactId, String versionProperty) {
        return "<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>" + artifactId + "</artifactId><version>"
                + System.getProperty(versionProperty) + "</version></plugin>";
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** @return stdout and stderr of the command, which must end with {@code expectedExit} within two minutes */
    private static String run(Path dir, List<String> command, int expectedExit) throws Exception {
        Path output = Files.createTempFile(project, "output", ".txt");
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "finished: " + command);
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(expectedExit, process.exitValue(), command + ":\n" + text);
        return text;
    }
}
