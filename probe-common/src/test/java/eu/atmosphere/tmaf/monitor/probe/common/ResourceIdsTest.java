package eu.atmosphere.tmaf.monitor.probe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceIdsTest {

    @Test
    void derivedIdsAreCrc32OfTheNameAsPythonComputesThem() {
        assertEquals(365508689L, ResourceIds.derive("web"), "zlib.crc32(b'web') & 0x7fffffff");
        assertEquals(1431444740L, ResourceIds.derive("burn"));
        assertEquals(197120362L, ResourceIds.derive("vm"));
    }

    @Test
    void derivedIdsFitA32BitSignedInt() {
        for (int i = 0; i < 10_000; i++) {
            long id = ResourceIds.derive("container-" + i);
            assertTrue(id >= 0 && id <= Integer.MAX_VALUE, "id " + id);
        }
    }

    @Test
    void configuredIdsWin() {
        ResourceIds ids = new ResourceIds(Map.of("web", 101098L));

        assertEquals(101098L, ids.of("web"));
        assertTrue(ids.isConfigured("web"));
        assertEquals(ResourceIds.derive("db"), ids.of("db"));
        assertFalse(ids.isConfigured("db"));
    }

    @Test
    void idsOutsideTheConsumersRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ResourceIds(Map.of("web", -1L)));
        assertThrows(IllegalArgumentException.class, () -> new ResourceIds(Map.of("web", 1L << 31)));
    }
}
