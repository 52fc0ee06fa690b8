package eu.atmosphere.tmaf.monitor.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.atmosphere.tmaf.monitor.server.ServerConfig;
import eu.atmosphere.tmaf.monitor.server.ServerOption;
import eu.atmosphere.tmaf.monitor.server.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerOptions} is the one definition of the server's options: {@code serve --help}, the README's option
 * table and {@link ServerConfig}'s defaults and checks must agree with it.
 */
class ServerOptionsTest {

    private static final Path README = Path.of("README.md");
    private static final String BEGIN = "<!-- serve options: generated from ServerOptions, checked by ServerOptionsTest -->";
    private static final String END = "<!-- end of serve options -->";
    /** The first line of an option's usage: {@code "  -h, --help  ..."} or {@code "      --port=<port>  ..."}. */
    private static final Pattern OPTION_LINE = Pattern.compile("^ {2}(?:-\\w, | {4})(--[\\w-]+)");

    @Test
    void readmeOptionTableIsTheDefinitions() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, README.toAbsolutePath() + " lacks the markers " + BEGIN + " … " + END);
        String expected = markdownTable();

        assertEquals(expected, readme.substring(begin + BEGIN.length(), end).strip(),
                "monitor-server/README.md's option table differs from ServerOptions; the table should be:\n" + expected);
    }

    @Test
    void serveHelpShowsEachOptionWithItsEnvironmentVariableAndDefault() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.commandLine().setOut(new PrintWriter(out)).execute("serve", "--help"));

        Map<String, String> blocks = optionBlocks(out.toString());
        assertEquals(ServerOptions.ALL.stream().map(ServerOption::name).collect(Collectors.toList()),
                blocks.keySet().stream().filter(name -> !name.equals("--help") && !name.equals("--version"))
                        .filter(name -> !name.equals(KafkaClientOptions.FILE_OPTION)
                                && !name.equals(KafkaClientOptions.PROPERTY_OPTION)).toList(),
                "options of serve --help (besides the Kafka client settings, KafkaClientOptions)");
        assertTrue(blocks.get(KafkaClientOptions.FILE_OPTION).contains("KAFKA_PROPERTIES_FILE"), blocks.toString());
        assertTrue(blocks.get(KafkaClientOptions.PROPERTY_OPTION).contains("KAFKA_PROPERTY_<KEY>"), blocks.toString());
        for (ServerOption<?> option : ServerOptions.ALL) {
            String block = blocks.get(option.name());
            assertTrue(block.contains(option.description() + " (env " + option.environmentVariable() + ")"),
                    option + ": description and environment variable missing from\n" + block);
            String shownDefault = ("Default: " + option.defaultText()).strip();
            assertEquals(!option.secret(), block.contains(shownDefault), option + ": " + shownDefault + " in\n" + block);
        }
    }

    @Test
    void builderDefaultsAreTheDefinitions() {
        ServerConfig config = ServerConfig.builder().build();

        assertEquals(ServerOptions.PORT.defaultValue(), config.port());
        assertEquals(ServerOptions.TOPIC.defaultValue(), config.topic());
        assertEquals(ServerOptions.KAFKA_TIMEOUT_SECONDS.defaultValue(), config.kafkaTimeout());
        assertEquals(Duration.ofSeconds(30), config.idleTimeout());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.selectorThreads());
        assertEquals("127.0.0.1:9092", config.kafkaBootstrapServers());
        assertFalse(config.tls());
    }

    @Test
    void invalidValuesNameTheOptionItsEnvironmentVariableAndTheRule() {
        IllegalArgumentException parsed = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.PORT.parse("seventy"));
        assertEquals("--port (env MONITOR_PORT) must be 0..65535, got 'seventy'", parsed.getMessage());

        IllegalArgumentException built = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().tokenTtl(Duration.ofDays(2)).build());
        assertEquals("--token-ttl-seconds (env MONITOR_TOKEN_TTL_SECONDS) must be 1 s .. 1 day, got 172800 s",
                built.getMessage());

        IllegalArgumentException secret = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().tlsKeystore(Path.of("server.p12"), null).build());
        assertTrue(secret.getMessage().contains("MONITOR_TLS_KEYSTORE_PASSWORD_FILE"), secret.getMessage());
    }

    /** @return the option table as monitor-server/README.md holds it */
    private static String markdownTable() {
        List<String> rows = new ArrayList<>(List.of("| option | environment | default | meaning |", "|---|---|---|---|"));
        for (ServerOption<?> option : ServerOptions.ALL) {
            rows.add("| `" + option.name() + "` | `" + option.environmentVariable() + "` | "
                    + (option.defaultText().isEmpty() ? "" : "`" + option.defaultText() + "`") + " | "
                    + option.description().replace("|", "\\|") + " |");
        }
        return String.join("\n", rows);
    }

    /** @return option name → its usage text (lines joined, white space collapsed), in the order of the help */
    private static Map<String, String> optionBlocks(String help) {
        Map<String, String> blocks = new LinkedHashMap<>();
        String current = null;
        for (String line : help.lines().toList()) {
            String trimmed = line.strip();
            Matcher option = OPTION_LINE.matcher(line);
            if (option.find()) {
                current = option.group(1);
                blocks.put(current, trimmed);
            } else if (current != null && !trimmed.isEmpty()) {
                blocks.merge(current, trimmed, (a, b) -> a + " " + b);
            }
        }
        return blocks;
    }
}
