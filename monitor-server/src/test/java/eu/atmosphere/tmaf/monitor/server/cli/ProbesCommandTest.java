package eu.atmosphere.tmaf.monitor.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code probes add|list|remove}: the round trip through the real command line (a separate JVM,
 * secret on standard input), and that no secret ever reaches standard output, standard error
 * or the credentials file.
 */
class ProbesCommandTest {

    private static final String SECRET = "Quokka-7731-marble-Sunrise";

    @TempDir
    Path directory;

    @Test
    void addListRemoveRoundTripThroughTheRealCommandLine() throws Exception {
        Path file = directory.resolve("probes.credentials");
        List<String> outputs = new ArrayList<>();

        Run added = run(SECRET + "\n", Map.of(), "probes", "add", "1098", "--credentials-file", file.toString(),
                "--iterations", "210000");
        outputs.add(added.output());
        assertEquals(0, added.exit(), added.output());
        assertTrue(added.output().contains("probe 1098 registered"), added.output());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ProbeCredentials.Entry entry = ProbeCredentials.read(file).find(1098).orElseThrow();
        assertTrue(SecretHashes.verify(SECRET.getBytes(StandardCharsets.UTF_8), entry.hash()));

        Run again = run("other-secret\n", Map.of("MONITOR_CREDENTIALS_FILE", file.toString()), "probes", "add", "1098",
                "--iterations", "210000");
        outputs.add(again.output());
        assertEquals(1, again.exit(), "an existing probe needs --replace: " + again.output());

        Run listed = run("", Map.of("MONITOR_CREDENTIALS_FILE", file.toString()), "probes", "list");
        outputs.add(listed.output());
        assertEquals(0, listed.exit(), listed.output());
        assertTrue(listed.output().matches("(?s).*\\n1098 +pbkdf2-sha256 +210000  \\d{4}-\\d\\d-\\d\\dT.*"), listed.output());
        assertFalse(listed.output().contains(entry.hash().substring(30)), "list never shows the hash");

        Run removed = run("", Map.of(), "probes", "remove", "1098", "--credentials-file", file.toString());
        outputs.add(removed.output());
        assertEquals(0, removed.exit(), removed.output());
        assertTrue(ProbeCredentials.read(file).find(1098).isEmpty());
        Run missing = run("", Map.of(), "probes", "remove", "1098", "--credentials-file", file.toString());
        assertEquals(1, missing.exit());

        for (String output : outputs) {
            assertFalse(output.contains(SECRET), "the secret was echoed:\n" + output);
            assertFalse(output.contains("other-secret"), "the secret was echoed:\n" + output);
        }
        assertFalse(Files.readString(file).contains(SECRET));
    }

    @Test
    void generatePrintsTheSecretOnceToStandardOutputAndNothingElseThere() throws Exception {
        Path file = directory.resolve("probes.credentials");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new ProbesCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("add", "7", "--generate", "--iterations", "210000", "--credentials-file", file.toString());

        assertEquals(0, exit, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out.toString());
        String secret = lines.get(0);
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        assertFalse(err.toString().contains(secret));
        assertTrue(SecretHashes.verify(secret.getBytes(StandardCharsets.US_ASCII),
                ProbeCredentials.read(file).find(7).orElseThrow().hash()));
    }

    @Test
    void readsTheSecretFromAFileAndReplacesItOnRequest() throws Exception {
        Path file = directory.resolve("probes.credentials");
        Path secretFile = directory.resolve("secret");
        Files.writeString(secretFile, SECRET + "\r\n");
        assertEquals(0, execute("add", "5", "--secret-file", secretFile.toString(), "--iterations", "210000",
                "--credentials-file", file.toString()));
        ProbeCredentials.Entry first = ProbeCredentials.read(file).find(5).orElseThrow();
        assertTrue(SecretHashes.verify(SECRET.getBytes(StandardCharsets.UTF_8), first.hash()));

        Files.writeString(secretFile, "a-new-secret-for-probe-5\n");
        assertEquals(0, execute("add", "5", "--replace", "--secret-file", secretFile.toString(), "--iterations",
                "210000", "--credentials-file", file.toString()));
        ProbeCredentials.Entry second = ProbeCredentials.read(file).find(5).orElseThrow();
        assertNotEquals(first.fingerprint(), second.fingerprint());
        assertTrue(SecretHashes.verify("a-new-secret-for-probe-5".getBytes(StandardCharsets.UTF_8), second.hash()));
    }

    /** Issue 25: PBKDF2 pads with zero bytes, so a secret with NUL (or any control character) is refused at once. */
    @Test
    void refusesSecretsWithNulOrOtherControlCharacters() throws Exception {
        Path file = directory.resolve("probes.credentials");
        for (String secret : List.of("pass\0", "pass\0\0\0", "pa\tss")) {
            Run refused = run(secret + "\n", Map.of(), "probes", "add", "1098", "--credentials-file", file.toString(),
                    "--iterations", "210000");
            assertEquals(1, refused.exit(), refused.output());
            assertTrue(refused.output().contains("error: the secret contains a control character (NUL, a line break,"
                    + " a tab, ...); a secret is printable text"), refused.output());
        }
        assertFalse(Files.exists(file), "nothing was registered");
    }

    @Test
    void refusesMultiLineSecretsBadProbeIdsAndWeakIterations() throws Exception {
        Path file = directory.resolve("probes.credentials");
        Path secretFile = directory.resolve("secret");
        Files.writeString(secretFile, "line one\nline two\n");
        assertEquals(1, execute("add", "5", "--secret-file", secretFile.toString(), "--credentials-file",
                file.toString()));
        assertEquals(2, execute("add", "-5", "--generate", "--credentials-file", file.toString()));
        assertEquals(2, execute("add", "abc", "--generate", "--credentials-file", file.toString()));
        assertEquals(1, execute("add", "5", "--generate", "--iterations", "1000", "--credentials-file", file.toString()));
        assertFalse(Files.exists(file), "nothing written for refused input");
    }

    @Test
    void serveHelpDocumentsTheSecurityOptionsAndNeverShowsThePassword() throws Exception {
        Run help = run("", Map.of("MONITOR_TLS_KEYSTORE_PASSWORD", SECRET), "serve", "--help");

        assertEquals(0, help.exit(), help.output());
        for (String expected : List.of("--credentials-file", "MONITOR_CREDENTIALS_FILE", "--token-key-file",
                "MONITOR_TOKEN_KEY_FILE", "--token-ttl-seconds", "MONITOR_TOKEN_TTL_SECONDS", "--tls-cert",
                "MONITOR_TLS_CERT", "--tls-key", "MONITOR_TLS_KEY", "--tls-keystore", "MONITOR_TLS_KEYSTORE",
                "MONITOR_TLS_KEYSTORE_PASSWORD", "MONITOR_TLS_KEYSTORE_PASSWORD_FILE")) {
            assertTrue(help.output().contains(expected), expected + " missing from:\n" + help.output());
        }
        assertFalse(help.output().contains(SECRET), "the keystore password was printed");
    }

    private int execute(String... args) {
        StringWriter sink = new StringWriter();
        return new CommandLine(new ProbesCommand()).setOut(new PrintWriter(sink)).setErr(new PrintWriter(sink))
                .execute(args);
    }

    private record Run(int exit, String output) {
    }

    /** Runs {@code monitor-server ARGS} in a new JVM with this classpath; output = stdout + stderr. */
    private static Run run(String stdin, Map<String, String> environment, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("MONITOR_CREDENTIALS_FILE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }
}
