package eu.atmosphere.tmaf.monitor.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 23, item 5: the probe's own log lines and the client's both reach the probe developer whatever logging
 * the probe carries. A small Maven project of probes, each depending on monitor-client 0.1 as a probe would
 * (resolved offline from the local repository this build installed it to; system-tests' pom downloads every
 * logging artifact these builds need), is built once; each probe then fails to authenticate against a port where
 * nothing listens and logs one line of its own through its logging; its output must hold both:
 * <ul>
 * <li>{@code log4j-after-client}: probe-client-java's and probe-k8s-metrics-server's set-up, monitor-client
 *     declared before log4j-slf4j-impl 2.9.1 (an SLF4J 1.7 binding). With the client's slf4j-api as a compile
 *     dependency Maven resolved slf4j-api 2 here, which ignores the binding: the probe's own lines were lost;</li>
 * <li>{@code log4j-before-client}: probe-java-demo's and probe-jmx's set-up, log4j-slf4j-impl 2.9.1 first;</li>
 * <li>{@code slf4j-simple-17}: slf4j-simple 1.7.36, the other common SLF4J 1.7 binding;</li>
 * <li>{@code slf4j2-provider}: slf4j-simple 2, an SLF4J 2 provider;</li>
 * <li>{@code no-logging}: no logging library: the probe logs through java.util.logging, and so does the client;</li>
 * <li>{@code slf4j2-api-pinned-with-17-binding}: a probe that pins slf4j-api 2 next to a 1.7 binding: slf4j-api
 *     ignores the binding (the probe's own lines are lost, SLF4J says so), the client asks the binding directly.</li>
 * </ul>
 * slf4j-api is an optional dependency of monitor-client, so in every set-up the probe's own dependencies decide
 * its version, as they did with the original library.
 */
class LoggingSetupsTest {

    private static final String SLF4J_2 = System.getProperty("tma.slf4jVersion");
    private static final String SLF4J_17 = System.getProperty("tma.slf4j17Version");
    private static final String LOG4J = System.getProperty("tma.originalLog4jVersion");
    /** What the original log4j-slf4j-impl 2.9.1 depends on. */
    private static final String LOG4J_SLF4J_API = "1.7.25";
    private static final String CLIENT = "eu.atmosphere.tmaf.monitor.client.MonitorClient - Cannot authenticate probe 7:"
            + " connection refused: nothing listens at 127.0.0.1:";
    private static final String OWN_LINE = "probe.Probe - the probe's own line: authenticated false";

    @TempDir
    static Path project;
    static int closedPort;

    @BeforeAll
    static void buildTheProbes() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> modules = List.of("log4j-after-client", "log4j-before-client", "slf4j-simple-17", "slf4j2-provider",
                "no-logging", "slf4j2-api-pinned-with-17-binding");
        write(project.resolve("pom.xml"), pom("probes", "pom", modules.stream()
                .map(m -> "<module>" + m + "</module>").collect(Collectors.joining("", "<modules>", "</modules>"))));
        module("log4j-after-client", client() + log4jBinding(), true);
        module("log4j-before-client", log4jBinding() + client(), true);
        module("slf4j-simple-17", client() + dependency("org.slf4j", "slf4j-simple", SLF4J_17), true);
        module("slf4j2-provider", client() + dependency("org.slf4j", "slf4j-simple", SLF4J_2), true);
        module("no-logging", client(), false);
        module("slf4j2-api-pinned-with-17-binding", client() + dependency("org.slf4j", "slf4j-api", SLF4J_2)
                + dependency("org.slf4j", "slf4j-simple", SLF4J_17), true);
        Path maven = Path.of(System.getProperty("tma.mavenHome"), "bin", "mvn");
        run(project, List.of(maven.toString(), "-B", "-o", "-q", "-Dmaven.repo.local="
                + System.getProperty("tma.localRepository"), "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("tma.dependencyPluginVersion")
                        + ":build-classpath", "-Dmdep.outputFile=classpath.txt"), 0);
    }

    /** The SLF4J set-ups where the probe's own INFO line and the client's WARN line both reach its output. */
    static Stream<Arguments> slf4jSetups() {
        return Stream.of(
                Arguments.of(Named.of("log4j declared after the client, as probe-client-java does", "log4j-after-client"),
                        LOG4J_SLF4J_API, "INFO  ", "WARN  "),
                Arguments.of(Named.of("log4j declared before the client, as probe-java-demo does", "log4j-before-client"),
                        LOG4J_SLF4J_API, "INFO  ", "WARN  "),
                Arguments.of(Named.of("slf4j-simple 1.7", "slf4j-simple-17"), SLF4J_17, "INFO ", "WARN "),
                Arguments.of(Named.of("an SLF4J 2 provider", "slf4j2-provider"), SLF4J_2, "INFO ", "WARN "));
    }

    /**
     * The probe's dependencies choose slf4j-api (log4j-slf4j-impl's 1.7 even when the client is declared first:
     * with the client's slf4j-api the probe's own lines were lost), and its output holds both lines.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("slf4jSetups")
    void theProbesOwnLineAndTheClientsBothReachItsOutput(String module, String slf4jApi, String info, String warn)
            throws Exception {
        assertTrue(classPath(module).contains("slf4j-api-" + slf4jApi + ".jar"), classPath(module));
        String output = runProbe(module);
        assertTrue(output.contains(info + OWN_LINE), output);
        assertTrue(output.contains(warn + CLIENT + closedPort), output);
    }

    @Test
    void noLoggingLibraryAtAll() throws Exception {
        assertFalse(classPath("no-logging").contains("slf4j"), "the client brings no slf4j-api of its own");
        String output = runProbe("no-logging");
        assertTrue(output.contains("slf4j-api is not on the class path; monitor-client logs through java.util.logging"),
                output);
        assertTrue(output.contains("INFO: the probe's own line: authenticated false"), output);
        assertTrue(output.contains("WARNING: " + CLIENT.substring(CLIENT.indexOf("Cannot")) + closedPort), output);
    }

    @Test
    void anSlf4j17BindingThatThePinnedSlf4jApi2IgnoresStillPrintsTheClientsLines() throws Exception {
        String output = runProbe("slf4j2-api-pinned-with-17-binding");
        assertTrue(output.contains("Ignoring binding found at"), "slf4j-api 2 ignored the 1.7 binding: " + output);
        assertTrue(output.contains("WARN " + CLIENT + closedPort), output);
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

    /** A probe module: its pom with these dependencies in this order, and a probe logging through SLF4J or JUL. */
    private static void module(String name, String dependencies, boolean slf4j) throws IOException {
        Path dir = project.resolve(name);
        write(dir.resolve("pom.xml"), pom(name, "jar", "<dependencies>" + dependencies + "</dependencies>"));
        write(dir.resolve("src/main/resources/log4j2.xml"), String.join("\n",
                "<Configuration status=\"WARN\">",
                "  <Appenders><Console name=\"console\" target=\"SYSTEM_OUT\">",
                "    <PatternLayout pattern=\"%-5level %logger - %msg%n\"/></Console></Appenders>",
                "  <Loggers><Root level=\"info\"><AppenderRef ref=\"console\"/></Root></Loggers>",
                "</Configuration>", ""));
        write(dir.resolve("src/main/java/probe/Probe.java"), String.join("\n",
                "package probe;",
                "",
                "import eu.atmosphere.tmaf.monitor.client.SynchronousClient;",
                "",
                "public class Probe {",
                slf4j ? "    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Probe.class);"
                        : "    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("
                        + "Probe.class.getName());",
                "",
                "    public static void main(String[] args) {",
                "        SynchronousClient client = new SynchronousClient(args[0]);",
                "        boolean authenticated = client.authenticate(7, \"secret\".getBytes());",
                "        LOG.info(\"the probe's own line: authenticated \" + authenticated);",
                "    }",
                "}", ""));
    }

    private static String client() {
        return dependency("eu.atmosphere.tmaf", "monitor-client", "0.1");
    }

    private static String log4jBinding() {
        return dependency("org.apache.logging.log4j", "log4j-slf4j-impl", LOG4J);
    }

    private static String dependency(String groupId, String artifactId, String version) {
        return "<dependency><groupId>" + groupId + "</groupId><artifactId>" + artifactId + "</artifactId><version>"
                + version + "</version></dependency>";
    }

    private static String pom(String artifactId, String packaging, String content) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>probes</groupId><artifactId>" + artifactId + "</artifactId><version>1</version>"
                + "<packaging>" + packaging + "</packaging>" + content
                + "<properties><maven.compiler.release>8</maven.compiler.release>"
                + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>"
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
