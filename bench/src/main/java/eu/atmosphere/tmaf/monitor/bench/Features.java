package eu.atmosphere.tmaf.monitor.bench;

import eu.atmosphere.tmaf.monitor.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a server jar offers, detected from its {@code --help}: authentication and TLS arrived after the first
 * server, and {@code --compare-jar} may name an old one.
 *
 * @param tls  whether {@code serve --tls-cert} and {@code dev-certs} exist
 * @param auth whether {@code serve --credentials-file} and {@code probes} exist
 * @param help the text of {@code serve --help}
 */
record Features(boolean tls, boolean auth, String help) {

    static Features of(Path serverJar) {
        try {
            String serve = help(serverJar, "serve", "--help");
            String main = help(serverJar, "--help");
            return new Features(serve.contains("--tls-cert") && main.contains("dev-certs"),
                    serve.contains("--credentials-file") && main.contains("probes"), serve);
        } catch (IOException e) {
            return new Features(false, false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Features(false, false, e.toString());
        }
    }

    private static String help(Path serverJar, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.javaExecutable(), "-jar",
                serverJar.toAbsolutePath().toString());
        builder.command().addAll(java.util.List.of(args));
        Process p = builder.redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(1, TimeUnit.MINUTES);
        return text;
    }
}
