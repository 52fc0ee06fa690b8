package eu.atmosphere.tmaf.monitor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://monitor.example:32025", "https://monitor.example:32025/",
            "https://monitor.example:32025/monitor", "https://monitor.example:32025/monitor/", "HTTPS://monitor.example:32025"})
    void acceptsTheBaseOrTheMonitorResource(String url) {
        Endpoint endpoint = Endpoint.parse(url);
        assertEquals("https://monitor.example:32025/monitor", endpoint.monitor().toString());
        assertEquals("https://monitor.example:32025/monitor/auth", endpoint.auth().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/tma/monitor", "http://10.0.0.1/tma"})
    void keepsAPathPrefix(String url) {
        assertEquals("http://10.0.0.1/tma/monitor", Endpoint.parse(url).monitor().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"monitor.example:32025", "ftp://monitor.example", "https://", "not a url"})
    void rejectsWhatIsNotAnHttpUrl(String url) {
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(url));
    }
}
