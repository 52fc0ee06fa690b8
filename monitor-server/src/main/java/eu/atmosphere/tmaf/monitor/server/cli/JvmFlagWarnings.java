package eu.atmosphere.tmaf.monitor.server.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code serve} says at start about JVM flags a jar cannot set for itself (they are fixed
 * when the JVM starts): whether an {@code OutOfMemoryError} ends the process, and whether the
 * heap was bounded. The images set both ({@code server-image/pom.xml}, Jib {@code jvmFlags});
 * a JVM started by hand without them is told which flag to add.
 *
 * <pre>{@code
 * JvmFlagWarnings.ofThisJvm().forEach(LOG::warn);
 * }</pre>
 */
final class JvmFlagWarnings {

    /** The heap bound of the documented start command; enough for the server with its embedded broker. */
    static final String DOCUMENTED_MAX_HEAP = "-Xmx256m";

    /**
     * A default max heap (¼ of the RAM) above this is worth a warning: the server's live set is tens of MiB, and
     * 512 MiB is the default on a machine with 2 GiB of RAM.
     */
    static final long SANE_DEFAULT_MAX_HEAP_BYTES = 512L * 1024 * 1024;

    private JvmFlagWarnings() {
    }

    /** @return the warnings for the running JVM, empty when its flags are as documented */
    static List<String> ofThisJvm() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return of(vm::getVMOption, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param options      the JVM's options by name ({@link HotSpotDiagnosticMXBean#getVMOption})
     * @param maxHeapBytes the heap's bound ({@link Runtime#maxMemory()})
     * @return one warning per flag the JVM should have been started with
     */
    static List<String> of(Function<String, VMOption> options, long maxHeapBytes) {
        List<String> warnings = new ArrayList<>(2);
        // After an OutOfMemoryError any thread may have died half-way; the process should end so
        // that its supervisor restarts it (and /health/live turns DOWN after one).
        if (!isOn(options.apply("ExitOnOutOfMemoryError")) && !isOn(options.apply("CrashOnOutOfMemoryError"))) {
            warnings.add("the JVM was started without -XX:+ExitOnOutOfMemoryError: after an OutOfMemoryError the "
                    + "process keeps running with /health/live DOWN; start it as java -XX:+ExitOnOutOfMemoryError "
                    + "-jar ... (or set JDK_JAVA_OPTIONS=-XX:+ExitOnOutOfMemoryError)");
        }
        boolean heapBounded = isExplicit(options.apply("MaxHeapSize")) || isExplicit(options.apply("MaxRAMPercentage"))
                || isExplicit(options.apply("MaxRAM"));
        if (!heapBounded && maxHeapBytes > SANE_DEFAULT_MAX_HEAP_BYTES) {
            warnings.add("the JVM was started without a heap bound and took the default, " + (maxHeapBytes >> 20)
                    + " MiB (a quarter of the RAM): the server fills it with short-lived garbage before collecting, "
                    + "so its memory grows to that size under load; start it as java " + DOCUMENTED_MAX_HEAP
                    + " -XX:+ExitOnOutOfMemoryError -jar ... (or set JDK_JAVA_OPTIONS=" + DOCUMENTED_MAX_HEAP + ")");
        }
        return warnings;
    }

    private static boolean isOn(VMOption option) {
        return "true".equals(option.getValue());
    }

    private static boolean isExplicit(VMOption option) {
        return option.getOrigin() != VMOption.Origin.DEFAULT && option.getOrigin() != VMOption.Origin.ERGONOMIC;
    }
}
