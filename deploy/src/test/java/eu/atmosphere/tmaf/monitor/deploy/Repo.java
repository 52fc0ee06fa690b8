package eu.atmosphere.tmaf.monitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The source tree the manifests deploy: module poms and sources, read as they are on disk. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("tma.root", "..")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path K8S = DEPLOY.resolve("k8s");
    static final String VERSION = System.getProperty("tma.version", "0.1");

    private static final String GROUP = "eu.atmosphere.tmaf";

    private Repo() {
    }

    static Path module(String directory) {
        return ROOT.resolve(directory);
    }

    static Document pom(Path pomFile) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pomFile.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + pomFile, e);
        }
    }

    /** @return a property of the root pom's {@code <properties>} */
    static String rootProperty(String name) {
        NodeList list = pom(ROOT.resolve("pom.xml")).getElementsByTagName(name);
        if (list.getLength() == 0) {
            throw new IllegalStateException("no property " + name + " in the root pom");
        }
        return list.item(0).getTextContent().strip();
    }

    /**
     * @return the image name Jib builds for the module ({@code <to><image>} of its
     *         jib-maven-plugin, {@code ${project.version}} resolved), or null without Jib
     */
    static String jibImage(String directory) {
        Document pom = pom(module(directory).resolve("pom.xml"));
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (!"jib-maven-plugin".equals(childText(plugin, "artifactId"))) {
                continue;
            }
            NodeList tos = plugin.getElementsByTagName("to");
            if (tos.getLength() == 0) {
                return null;
            }
            String image = childText((Element) tos.item(0), "image");
            return image == null ? null : image.replace("${project.version}", VERSION);
        }
        return null;
    }

    /**
     * @return the directories of the modules of this build that the module depends on (compile/runtime), transitively
     *         (as Maven resolves them: a dependency's optional dependencies are left out)
     */
    static Set<String> moduleClosure(String directory) {
        Set<String> closure = new LinkedHashSet<>();
        collect(directory, closure, 0);
        return closure;
    }

    private static void collect(String directory, Set<String> closure, int depth) {
        if (!closure.add(directory)) {
            return;
        }
        Document pom = pom(module(directory).resolve("pom.xml"));
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String scope = childText(dependency, "scope");
            if (!GROUP.equals(childText(dependency, "groupId")) || "test".equals(scope) || "provided".equals(scope)
                    || (depth > 0 && "true".equals(childText(dependency, "optional")))
                    || dependency.getParentNode().getParentNode().getNodeName().equals("dependencyManagement")) {
                continue;
            }
            String artifact = childText(dependency, "artifactId");
            String dir = moduleDirectory(artifact);
            if (dir != null) {
                collect(dir, closure, depth + 1);
            }
        }
    }

    /** @return the module directory whose pom has this artifactId, or null */
    static String moduleDirectory(String artifactId) {
        try (Stream<Path> children = Files.list(ROOT)) {
            for (Path child : children.toList()) {
                Path pomFile = child.resolve("pom.xml");
                if (Files.isRegularFile(pomFile)) {
                    Element project = pom(pomFile).getDocumentElement();
                    if (artifactId.equals(childText(project, "artifactId"))) {
                        return child.getFileName().toString();
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final List<Pattern> ENV_READS = List.of(
            Pattern.compile("\\$\\{env:([A-Z][A-Z0-9_]*)"),                 // picocli defaultValue
            Pattern.compile("getenv\\(\\s*\"([A-Z][A-Z0-9_]*)\"\\s*\\)"),      // System.getenv("X")
            Pattern.compile("ENV_[A-Z0-9_]*\\s*=\\s*\"([A-Z][A-Z0-9_]*)\""),  // constants of env names
            Pattern.compile("\\.env\\(\\s*\"([A-Z][A-Z0-9_]*)\"\\s*\\)"));    // ServerOption builders: .env("X")

    /**
     * @return every environment variable name the module's main code (and that of the modules it
     *         depends on) reads: picocli {@code ${env:NAME}} defaults, {@code System.getenv("NAME")},
     *         {@code ENV_... = "NAME"} constants, {@code .env("NAME")} of the server's option definitions
     */
    static Set<String> environmentRead(String directory) {
        Set<String> names = new LinkedHashSet<>();
        for (String dir : moduleClosure(directory)) {
            for (String source : mainSources(dir)) {
                for (Pattern pattern : ENV_READS) {
                    Matcher m = pattern.matcher(source);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    /**
     * @return the default of the variable in the module's sources: a picocli {@code ${env:NAME:-default}}, or
     *         an option definition's {@code .env("NAME").defaultValue("default")}; null if none
     */
    static String environmentDefault(String directory, String name) {
        List<Pattern> defaults = List.of(Pattern.compile("\\$\\{env:" + Pattern.quote(name) + ":-([^}]*)}"),
                Pattern.compile("\\.env\\(\\s*\"" + Pattern.quote(name) + "\"\\s*\\)\\s*\\.defaultValue\\(\\s*\"([^\"]*)\""));
        for (String source : mainSources(directory)) {
            for (Pattern p : defaults) {
                Matcher m = p.matcher(source);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    static List<String> mainSources(String directory) {
        Path main = module(directory).resolve("src/main/java");
        if (!Files.isDirectory(main)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(main)) {
            List<String> sources = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(file));
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String childText(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
