package eu.atmosphere.tmaf.monitor.probe.demo;

import eu.atmosphere.tmaf.monitor.client.MonitorClient;
import eu.atmosphere.tmaf.monitor.probe.common.ClientOptions;
import eu.atmosphere.tmaf.monitor.probe.common.LoopOptions;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeCommandLine;
import eu.atmosphere.tmaf.monitor.probe.common.ProbeLoop;
import eu.atmosphere.tmaf.monitor.probe.common.Sample;
import java.io.PrintStream;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The demo probe: sends {@link DemoData} about one resource every interval.
 *
 * <pre>
 * java -jar probe-demo/target/probe-demo.jar --count 3 --interval 1s
 * TMA_MONITOR_URL=https://monitor:32025 TMA_PROBE_ID=1098 TMA_PROBE_SECRET=pass java -jar probe-demo.jar
 * </pre>
 *
 * Exit code 0 only if every message was accepted by the monitor (see {@link ProbeLoop}).
 */
@Command(name = "probe-demo", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = DemoProbe.Version.class,
        description = "Sends the TMA demo data (i = 0-9: measurement 20000.00001+i as descriptionId i, event "
                + "10000.00001+i as descriptionId 10+i) "
                + "to the TMA Monitor every interval.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every message was accepted", "1:some message was refused, dropped or not delivered",
            "2:usage or configuration error"})
public final class DemoProbe implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Mixin
    LoopOptions loop;

    @Option(names = "--resource-id", defaultValue = "${env:TMA_RESOURCE_ID:-101098}", paramLabel = "ID",
            description = "The resource the data is about (env TMA_RESOURCE_ID; default ${DEFAULT-VALUE}).")
    long resourceId;

    private final PrintStream out;

    /** A probe printing progress to standard output. */
    public DemoProbe() {
        this(System.out);
    }

    DemoProbe(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the probe.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        System.exit(ProbeCommandLine.execute(new DemoProbe(), args));
    }

    @Override
    public Integer call() {
        if (resourceId < 0) {
            throw new IllegalArgumentException("--resource-id must be >= 0");
        }
        ProbeLoop probe = new ProbeLoop(client.config(OptionalLong.of(DemoData.PROBE_ID)), client.drainTimeout(),
                loop, out);
        return probe.run(() -> List.of(new Sample(resourceId, DemoData.items(MonitorClient.nowSeconds()))));
    }

    /** The jar's implementation version. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DemoProbe.class.getPackage().getImplementationVersion();
            return new String[] {"probe-demo " + (version == null ? "(development build)" : version)};
        }
    }
}
