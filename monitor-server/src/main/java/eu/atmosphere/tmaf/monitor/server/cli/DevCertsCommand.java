package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.server.tls.DevCertificates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dev-certs --out DIR}: a development CA and a server certificate signed by it, made with
 * the JDK's keytool. For development and tests; never commit the output directory.
 */
@Command(name = "dev-certs", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Create a development CA and a server certificate for the given names (JDK keytool, EC P-256).",
            "Writes ca.crt.pem (give it to probes), server.crt.pem + server.key.pem (--tls-cert/--tls-key), "
                    + "server.p12 + server.password (--tls-keystore), ca.p12 + ca.password (the CA's key, reused "
                    + "on the next run). Development only; never commit the directory."})
final class DevCertsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write to (created if missing).")
    Path directory;

    @Option(names = "--name", split = ",", defaultValue = "dns:localhost,ip:127.0.0.1",
            description = "Subject alternative names of the server: dns:HOST or ip:ADDRESS, repeatable.")
    List<String> names;

    @Option(names = "--days", defaultValue = "397", description = "Validity of the server certificate (1..825).")
    int days;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            DevCertificates.Issued files = DevCertificates.create(directory, names, days);
            out.println("development CA and server certificate for " + names + " written to " + directory);
            out.println("  CA certificate for probes:  " + files.caCertificate());
            out.println("  serve with PEM files:       --tls-cert " + files.serverChain() + " --tls-key "
                    + files.serverKey());
            out.println("  or with a PKCS#12 keystore: --tls-keystore " + files.serverKeystore()
                    + " --tls-keystore-password-file " + files.serverKeystorePassword());
            out.println("  test: curl --cacert " + files.caCertificate() + " https://localhost:32025/health/live");
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
