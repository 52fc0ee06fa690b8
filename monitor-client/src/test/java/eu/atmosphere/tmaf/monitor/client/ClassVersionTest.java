package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build check that monitor-client and everything it brings into a probe run on Java 8: every class
 * file of the client, the message model, Jackson and slf4j-api has a major version of at most 52.
 * {@code module-info.class} and multi-release {@code META-INF/versions/} entries are skipped: a Java 8 JVM
 * never loads them.
 */
class ClassVersionTest {

    private static final int JAVA_8 = 52;

    @Test
    void everyClassAProbeLoadsIsJava8Bytecode() throws Exception {
        Map<String, Integer> tooNew = new TreeMap<>();
        int checked = 0;
        for (Path location : ClientClassPath.entries()) {
            for (Map.Entry<String, Integer> version : versions(location).entrySet()) {
                checked++;
                if (version.getValue() > JAVA_8) {
                    tooNew.put(location.getFileName() + "!" + version.getKey(), version.getValue());
                }
            }
        }
        assertTrue(checked > 1_000, "checked " + checked + " classes");
        assertEquals(Map.of(), tooNew, "class files newer than Java 8 (major 52)");
    }

    /** @return the major version of every class file in a jar or class directory */
    private static Map<String, Integer> versions(Path location) throws IOException, URISyntaxException {
        Map<String, Integer> versions = new TreeMap<>();
        if (Files.isDirectory(location)) {
            List<Path> classes = new ArrayList<>();
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(p -> p.toString().endsWith(".class")).forEach(classes::add);
            }
            for (Path file : classes) {
                String name = location.relativize(file).toString();
                if (loadedByJava8(name)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        versions.put(name, major(in));
                    }
                }
            }
            return versions;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class") && loadedByJava8(entry.getName())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        versions.put(entry.getName(), major(in));
                    }
                }
            }
        }
        return versions;
    }

    private static boolean loadedByJava8(String name) {
        return !name.startsWith("META-INF/versions/") && !name.endsWith("module-info.class");
    }

    private static int major(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        return in.readUnsignedShort();
    }
}
