package eu.atmosphere.tmaf.monitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The output of {@code kubectl kustomize} for an overlay, parsed: every object, with helpers for
 * the pod templates and containers of the workloads.
 */
final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

    final String overlay;
    final String yaml;
    final List<JsonNode> objects;

    private Manifests(String overlay, String yaml, List<JsonNode> objects) {
        this.overlay = overlay;
        this.yaml = yaml;
        this.objects = objects;
    }

    /** Renders {@code deploy/k8s/overlays/NAME} (cached per overlay). */
    static Manifests render(String overlay) {
        return CACHE.computeIfAbsent(overlay, o -> {
            Path dir = Repo.K8S.resolve("overlays").resolve(o);
            String yaml = Kustomize.build(dir);
            return new Manifests(o, yaml, parse(yaml));
        });
    }

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unparsable YAML", e);
        }
        return objects;
    }

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    /**
     * A ConfigMap by the name a workload refers to: kustomize's generated names carry a hash
     * suffix, and references in the rendered output carry the same suffixed name.
     */
    JsonNode configMap(String name) {
        return get("ConfigMap", name);
    }

    /** Workloads with a pod template: Deployment, StatefulSet, DaemonSet, Job, CronJob. */
    List<Workload> workloads() {
        List<Workload> list = new ArrayList<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            JsonNode template = switch (kind) {
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> o.path("spec").path("template");
                case "CronJob" -> o.path("spec").path("jobTemplate").path("spec").path("template");
                default -> MissingNode.getInstance();
            };
            if (!template.isMissingNode()) {
                list.add(new Workload(kind, o.path("metadata").path("name").asText(), o, template));
            }
        }
        return list;
    }

    Workload workload(String kind, String name) {
        return workloads().stream().filter(w -> w.kind.equals(kind) && w.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    /** A workload's pod template. */
    static final class Workload {
        final String kind;
        final String name;
        final JsonNode object;
        final JsonNode template;

        Workload(String kind, String name, JsonNode object, JsonNode template) {
            this.kind = kind;
            this.name = name;
            this.object = object;
            this.template = template;
        }

        JsonNode podSpec() {
            return template.path("spec");
        }

        List<JsonNode> containers() {
            List<JsonNode> list = new ArrayList<>();
            podSpec().path("initContainers").forEach(list::add);
            podSpec().path("containers").forEach(list::add);
            return list;
        }

        JsonNode container(String name) {
            return containers().stream().filter(c -> name.equals(c.path("name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError(this + ": no container " + name));
        }

        Map<String, String> podLabels() {
            Map<String, String> labels = new LinkedHashMap<>();
            template.path("metadata").path("labels").fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            return labels;
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    /**
     * The environment a container gets: {@code env} entries (literal values; references as
     * {@code <ref>}) and every key of the ConfigMaps of its {@code envFrom}.
     */
    Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                configMap(from.path("configMapRef").path("name").asText()).path("data").fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            } else {
                throw new AssertionError("envFrom other than a ConfigMap: " + from);
            }
        }
        for (JsonNode e : container.path("env")) {
            JsonNode valueFrom = e.path("valueFrom");
            if (valueFrom.has("configMapKeyRef")) {
                JsonNode ref = valueFrom.path("configMapKeyRef");
                env.put(e.path("name").asText(), configMap(ref.path("name").asText()).path("data")
                        .path(ref.path("key").asText()).asText("<missing>"));
            } else if (!valueFrom.isMissingNode()) {
                env.put(e.path("name").asText(), "<ref>");
            } else {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }
}
