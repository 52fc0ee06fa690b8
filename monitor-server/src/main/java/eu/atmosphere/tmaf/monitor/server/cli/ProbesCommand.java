package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.server.auth.ProbeCredentials;
import eu.atmosphere.tmaf.monitor.server.auth.SecretHashes;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probes add|remove|list}: manages the credentials file the server reads. Secrets are
 * read from the terminal without echo, from standard input or from a file, or generated and
 * printed once; they are never echoed, logged or stored, only their salted slow hash is.
 */
@Command(name = "probes", mixinStandardHelpOptions = true,
        description = "Manage probe credentials (probe id -> salted slow hash of its secret).",
        subcommands = {ProbesCommand.Add.class, ProbesCommand.Remove.class, ProbesCommand.List.class})
final class ProbesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The file every subcommand works on. */
    static final class CredentialsFile {
        @Option(names = "--credentials-file", defaultValue = "${env:MONITOR_CREDENTIALS_FILE:-}",
                description = "The credentials file, created if missing (owner-only permissions) "
                        + "(env MONITOR_CREDENTIALS_FILE).")
        String value;

        Path require(CommandSpec spec) {
            if (value == null || value.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give --credentials-file or set MONITOR_CREDENTIALS_FILE");
            }
            return Path.of(value);
        }
    }

    /** {@code probes add <probeId>}. */
    @Command(name = "add", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Register a probe, or give it a new secret with --replace (its tokens stop working).",
                "The secret comes from the terminal (asked twice, not echoed), standard input (one line), "
                        + "--secret-file, or --generate (a random secret printed once to standard output)."})
    static final class Add extends OnCredentialsFile {
        private static final int SHORT_SECRET = 16;

        @Parameters(index = "0", paramLabel = "PROBE_ID", description = "The probe id its messages carry.")
        String probeId;

        @Option(names = "--secret-file", description = "Read the secret from this file (first line).")
        Path secretFile;

        @Option(names = "--generate", description = "Generate a random secret and print it once to standard output.")
        boolean generate;

        @Option(names = "--iterations", defaultValue = "600000",
                description = "PBKDF2-HMAC-SHA256 iterations (at least 210000).")
        int iterations;

        @Option(names = "--replace", description = "Replace the secret of a probe already registered.")
        boolean replace;

        /** Standard input; replaceable for tests. */
        InputStream stdin = System.in;

        @Override
        int run(Path path, PrintWriter err) throws IOException {
            long id = probeId(probeId);
            if (generate && secretFile != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --generate or --secret-file, not both");
            }
            ProbeCredentials credentials = Files.exists(path) ? ProbeCredentials.read(path) : ProbeCredentials.empty();
            if (credentials.find(id).isPresent() && !replace) {
                err.println("error: probe " + id + " is already registered in " + path
                        + "; give --replace to set a new secret");
                return 1;
            }
            byte[] secret = generate ? generated() : secretFile != null ? fromFile(secretFile) : fromUser(id);
            try {
                SecretHashes.requireAcceptable(secret);
                String hash = SecretHashes.hash(secret, iterations);
                credentials.with(id, hash, Instant.now()).write(path);
                if (generate) {
                    PrintWriter out = spec.commandLine().getOut();
                    out.println(new String(secret, StandardCharsets.US_ASCII));
                    out.flush();
                } else if (secret.length < SHORT_SECRET) {
                    err.println("warning: the secret is short (" + secret.length + " bytes); "
                            + "a random one (--generate) is much harder to guess");
                }
                err.println("probe " + id + (replace ? " registered (secret set)" : " registered") + " in " + path
                        + " (" + SecretHashes.parameters(hash) + ")");
                return 0;
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }

        private static byte[] generated() {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] fromFile(Path file) throws IOException {
            byte[] content = Files.readAllBytes(file);
            try {
                return firstLine(content);
            } finally {
                Arrays.fill(content, (byte) 0);
            }
        }

        private byte[] fromUser(long id) throws IOException {
            Console console = System.console();
            if (console != null && stdin == System.in) {
                char[] first = console.readPassword("Secret for probe %d: ", id);
                char[] second = console.readPassword("Again: ");
                try {
                    if (first == null || second == null || !Arrays.equals(first, second)) {
                        throw new IllegalArgumentException("the two secrets differ");
                    }
                    java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
                    byte[] bytes = new byte[encoded.remaining()];
                    encoded.get(bytes);
                    Arrays.fill(encoded.array(), (byte) 0);
                    return bytes;
                } finally {
                    Arrays.fill(first == null ? new char[0] : first, '\0');
                    Arrays.fill(second == null ? new char[0] : second, '\0');
                }
            }
            byte[] content = stdin.readNBytes(SecretHashes.MAX_SECRET_BYTES + 3);
            try {
                return firstLine(content);
            } finally {
                Arrays.fill(content, (byte) 0);
            }
        }

        /** The content up to the first line break; nothing may follow but that line break. */
        private static byte[] firstLine(byte[] content) {
            int end = 0;
            while (end < content.length && content[end] != '\n' && content[end] != '\r') {
                end++;
            }
            int rest = end;
            if (rest < content.length && content[rest] == '\r') {
                rest++;
            }
            if (rest < content.length && content[rest] == '\n') {
                rest++;
            }
            if (rest != content.length) {
                throw new IllegalArgumentException("the secret must be a single line");
            }
            return Arrays.copyOf(content, end);
        }
    }

    /** {@code probes remove <probeId>}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a probe: its requests and tokens are refused once the server reloaded the file.")
    static final class Remove extends OnCredentialsFile {
        @Parameters(index = "0", paramLabel = "PROBE_ID", description = "The probe to remove.")
        String probeId;

        @Override
        int run(Path path, PrintWriter err) {
            long id = probeId(probeId);
            ProbeCredentials credentials = ProbeCredentials.read(path);
            if (credentials.find(id).isEmpty()) {
                err.println("error: probe " + id + " is not registered in " + path);
                return 1;
            }
            credentials.without(id).write(path);
            err.println("probe " + id + " removed from " + path);
            return 0;
        }
    }

    /** {@code probes list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the registered probes: id, hash algorithm and parameters, creation time (no secrets).")
    static final class List extends OnCredentialsFile {
        @Override
        int run(Path path, PrintWriter err) {
            PrintWriter out = spec.commandLine().getOut();
            ProbeCredentials credentials = ProbeCredentials.read(path);
            out.printf("%-20s %-14s %10s  %s%n", "PROBE_ID", "ALGORITHM", "ITERATIONS", "CREATED");
            for (ProbeCredentials.Entry entry : credentials.entries()) {
                SecretHashes.Parameters parameters = SecretHashes.parameters(entry.hash());
                out.printf("%-20d %-14s %10d  %s%n", entry.probeId(), parameters.algorithm(),
                        parameters.iterations(), entry.created());
            }
            out.flush();
            return 0;
        }
    }

    /**
     * A subcommand on the credentials file. A usage error ends it as picocli answers those; any other failure
     * with {@code error: <message>} on standard error and exit status 1.
     */
    abstract static class OnCredentialsFile implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CredentialsFile file;

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path path = file.require(spec);
            try {
                return run(path, err);
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                err.println("error: " + e.getMessage());
                return 1;
            } finally {
                err.flush();
            }
        }

        /**
         * @param path the credentials file
         * @param err  standard error, for what the operator is told
         * @return the exit status
         */
        abstract int run(Path path, PrintWriter err) throws IOException;

        /** @throws CommandLine.ParameterException unless {@code text} is a probe id */
        long probeId(String text) {
            try {
                return ProbeCredentials.parseProbeId(text, "PROBE_ID");
            } catch (IllegalStateException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }
}
