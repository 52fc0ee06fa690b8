package eu.atmosphere.tmaf.monitor.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.VMOption;
import com.sun.management.VMOption.Origin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up warnings about JVM flags, from the options as the JVM reports them. */
class JvmFlagWarningsTest {

    private static final long GIB = 1024L * 1024 * 1024;

    /** A JVM started as documented: java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar ... */
    private static Map<String, VMOption> documented() {
        Map<String, VMOption> options = new HashMap<>();
        options.put("ExitOnOutOfMemoryError", new VMOption("ExitOnOutOfMemoryError", "true", true, Origin.VM_CREATION));
        options.put("CrashOnOutOfMemoryError", new VMOption("CrashOnOutOfMemoryError", "false", true, Origin.DEFAULT));
        options.put("MaxHeapSize", new VMOption("MaxHeapSize", "268435456", false, Origin.VM_CREATION));
        options.put("MaxRAMPercentage", new VMOption("MaxRAMPercentage", "25.000000", false, Origin.DEFAULT));
        options.put("MaxRAM", new VMOption("MaxRAM", "137438953472", false, Origin.DEFAULT));
        return options;
    }

    private static Map<String, VMOption> withDefaultHeap(Map<String, VMOption> options) {
        options.put("MaxHeapSize", new VMOption("MaxHeapSize", String.valueOf(6 * GIB), false, Origin.ERGONOMIC));
        return options;
    }

    @Test
    void theDocumentedCommandGetsNoWarning() {
        assertEquals(List.of(), JvmFlagWarnings.of(documented()::get, 256L << 20));
    }

    @Test
    void aDefaultHeapOfAQuarterOfALargeMachineNamesTheFlagToAdd() {
        List<String> warnings = JvmFlagWarnings.of(withDefaultHeap(documented())::get, 6 * GIB);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("6144 MiB"), warnings.get(0));
        assertTrue(warnings.get(0).contains("java " + JvmFlagWarnings.DOCUMENTED_MAX_HEAP + " -XX:+ExitOnOutOfMemoryError"),
                warnings.get(0));
    }

    @Test
    void aDefaultHeapThatIsSmallAnywayOrAPercentageSetExplicitlyIsFine() {
        assertEquals(List.of(), JvmFlagWarnings.of(withDefaultHeap(documented())::get,
                JvmFlagWarnings.SANE_DEFAULT_MAX_HEAP_BYTES));
        Map<String, VMOption> image = withDefaultHeap(documented());
        image.put("MaxRAMPercentage", new VMOption("MaxRAMPercentage", "50.000000", false, Origin.VM_CREATION));
        assertEquals(List.of(), JvmFlagWarnings.of(image::get, 6 * GIB), "the images bound the heap as a share of the pod");
    }

    @Test
    void aJvmThatOutlivesAnOutOfMemoryErrorIsWarnedAboutToo() {
        Map<String, VMOption> options = withDefaultHeap(documented());
        options.put("ExitOnOutOfMemoryError", new VMOption("ExitOnOutOfMemoryError", "false", true, Origin.DEFAULT));

        List<String> warnings = JvmFlagWarnings.of(options::get, 6 * GIB);

        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("without -XX:+ExitOnOutOfMemoryError"), warnings.get(0));
        options.put("CrashOnOutOfMemoryError", new VMOption("CrashOnOutOfMemoryError", "true", true, Origin.VM_CREATION));
        assertEquals(1, JvmFlagWarnings.of(options::get, 6 * GIB).size());
    }

    @Test
    void everyOptionNameExistsInThisJvm() {
        assertTrue(JvmFlagWarnings.ofThisJvm().size() <= 2, "getVMOption throws for an unknown name");
    }
}
