package eu.atmosphere.tmaf.monitor.systemtest.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The option names ({@code --name}) and environment variables ({@code TMA_*}, {@code MONITOR_*}, {@code KAFKA_*})
 * that the repository's code spells out: main sources, scripts, manifests and build files; test sources are left
 * sources and test data are left out, since a test may name what the product does not read; test scripts count.
 *
 * <pre>{@code
 * CodeTokens code = CodeTokens.scan(repo);
 * code.options().contains("smoke");                       // bench/run.sh --smoke
 * code.environment().contains("TMA_MONITOR_URL");
 * }</pre>
 */
record CodeTokens(Set<String> options, Set<String> environment) {

    /** An environment variable of the project, or Kafka's {@code KAFKA_PROPERTY_} prefix. */
    static final Pattern ENVIRONMENT = Pattern.compile("\\b(?:TMA|MONITOR|KAFKA)_[A-Z0-9_]*");

    /** @return the tokens of every non-test code file of the repository that is text */
    static CodeTokens scan(Repository repo) {
        Set<String> options = new HashSet<>();
        Set<String> environment = new HashSet<>();
        for (Path file : repo.code()) {
            String name = repo.root().relativize(file).toString().replace('\\', '/');
            if (name.contains("src/test/java/") || name.contains("src/test/resources/")) {
                continue;
            }
            String text = text(file);
            collect(CommandOptions.OPTION.matcher(text), 1, options);
            collect(ENVIRONMENT.matcher(text), 0, environment);
        }
        return new CodeTokens(Set.copyOf(options), Set.copyOf(environment));
    }

    /** @return whether the code reads {@code variable}, e.g. {@code KAFKA_PROPERTY_LINGER_MS} by its prefix */
    boolean reads(String variable) {
        return environment.contains(variable)
                || variable.startsWith("KAFKA_PROPERTY_") && environment.contains("KAFKA_PROPERTY_");
    }

    private static void collect(Matcher matcher, int group, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group(group));
        }
    }

    /** A file's text; empty for a binary file (a jar, an image, a corpus entry that is not UTF-8). */
    private static String text(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
