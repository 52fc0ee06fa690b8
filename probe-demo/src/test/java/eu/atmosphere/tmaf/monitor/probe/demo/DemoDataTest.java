package eu.atmosphere.tmaf.monitor.probe.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoDataTest {

    @Test
    void theSeedsTwentyItemsInTheSeedsOrder() {
        List<Data> items = DemoData.items(1535878544L);

        assertEquals(20, items.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(new Data(Data.Type.MEASUREMENT, i, new Observation(1535878544L, 20000.00001 + i)),
                    items.get(2 * i));
            assertEquals(new Data(Data.Type.EVENT, 10 + i, new Observation(1535878544L, 10000.00001 + i)),
                    items.get(2 * i + 1));
        }
        assertEquals(20009.00001, items.get(18).getObservations().get(0).getValue());
        assertEquals(10005.00001, items.get(11).getObservations().get(0).getValue());
    }

    @Test
    void everyItemSurvivesTheKnowledgeBasesPrimaryKeyWhichIgnoresTheType() {
        Set<List<Long>> keys = DemoData.items(1535878544L).stream()
                .map(d -> List.of(d.getDescriptionId(), d.getObservations().get(0).getTime()))
                .collect(Collectors.toSet());

        assertEquals(20, keys.size(), "(descriptionId, time) distinct for the 20 items of one resource and probe");
    }
}
