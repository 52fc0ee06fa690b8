package eu.atmosphere.tmaf.monitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs deploy/create-secrets.sh --dry-run and reads back the objects it would apply. */
final class SecretsFixture {

    final Path directory;
    final Map<String, JsonNode> objects = new LinkedHashMap<>();
    final String log;

    private SecretsFixture(Path directory, String log) throws IOException {
        this.directory = directory;
        this.log = log;
        for (JsonNode o : Manifests.parse(Files.readString(directory.resolve("secrets.yaml")))) {
            objects.put(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText(), o);
        }
    }

    static SecretsFixture create(Path directory, String... extraArguments) throws IOException {
        Path jar = Repo.module("monitor-server").resolve("target/monitor-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: run mvn install first");
        }
        List<String> command = new java.util.ArrayList<>(List.of("bash", Repo.DEPLOY.resolve("create-secrets.sh").toString(),
                "--dry-run", "--out", directory.toString(), "--server-jar", jar.toString()));
        command.addAll(List.of(extraArguments));
        Command.Result r = Command.run(command, Duration.ofMinutes(3)).orFail(String.join(" ", command));
        return new SecretsFixture(directory, r.out() + r.err());
    }

    /** @return the decoded value of a key of a Secret (data, base64) or ConfigMap (data, text) */
    byte[] value(String kindAndName, String key) {
        JsonNode o = objects.get(kindAndName);
        if (o == null) {
            throw new AssertionError("create-secrets.sh makes no " + kindAndName + " (it makes " + objects.keySet() + ")");
        }
        JsonNode v = o.path("data").path(key);
        if (v.isMissingNode()) {
            v = o.path("stringData").path(key);
            if (v.isMissingNode()) {
                throw new AssertionError(kindAndName + " has no key " + key);
            }
            return v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return o.path("kind").asText().equals("Secret") ? Base64.getDecoder().decode(v.asText())
                : v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    String text(String kindAndName, String key) {
        return new String(value(kindAndName, key), java.nio.charset.StandardCharsets.UTF_8);
    }
}
