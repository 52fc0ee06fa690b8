package eu.atmosphere.tmaf.monitor.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.atmosphere.tmaf.monitor.message.Message;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** What monitor-client brings into a probe: its classes, the message model, Jackson and slf4j-api (no binding). */
final class ClientClassPath {

    private ClientClassPath() {
    }

    /** @return the jars or class directories, as this test run resolved them */
    static List<Path> entries() {
        List<Path> entries = new ArrayList<>();
        for (Class<?> member : List.of(MonitorClient.class, Message.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, LoggerFactory.class)) {
            try {
                entries.add(Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return entries;
    }

    /** @return {@link #entries()} and {@code more} as a class path argument */
    static String with(Path... more) {
        List<Path> all = new ArrayList<>(List.of(more));
        all.addAll(entries());
        return all.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
