package eu.atmosphere.tmaf.monitor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads Linux {@code /proc}: CPU time of a process (user + system), of the processes this JVM
 * waited for, peak and current resident memory, and the machine's busy/idle time. Clock ticks are
 * converted with {@code getconf CLK_TCK} (100 on every Linux this runs on).
 */
final class ProcStats {

    private static final double TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    /** @return utime + stime of the process in seconds, NaN if it is gone */
    static double cpuSeconds(long pid) {
        String[] f = statFields(pid);
        return f == null ? Double.NaN : (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** @return cutime + cstime of this JVM in seconds: the CPU time of the child processes it has reaped */
    static double reapedChildrenCpuSeconds() {
        String[] f = statFields(ProcessHandle.current().pid());
        return f == null ? Double.NaN : (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
    }

    /** @return VmHWM (peak resident set) in MiB, NaN if unknown */
    static double peakRssMiB(long pid) {
        return statusKb(pid, "VmHWM:") / 1024.0;
    }

    /** @return VmRSS in MiB, NaN if unknown */
    static double rssMiB(long pid) {
        return statusKb(pid, "VmRSS:") / 1024.0;
    }

    /** @return {busy, total} CPU seconds of the whole machine since boot (all cores) */
    static double[] machineCpuSeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** @return the first three fields of /proc/loadavg */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** @return fields after the command name of /proc/PID/stat (index 0 = state), or null */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return Double.NaN;
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
