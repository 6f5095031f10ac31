package io.evex.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.testing.Waits;
import io.evex.schemas.EventCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {

    @Test
    void itMakesSchemaValidEventsOfEveryType() throws Exception {
        EventCatalog catalog = EventCatalog.load();
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        SyntheticSource source =
                new SyntheticSource(new SyntheticSettings(List.of("lobby", "dock"), 400), catalog, events::add);
        source.start();
        Set<String> types = new TreeSet<>();
        Waits.until("an event of every type", Duration.ofSeconds(20), () -> {
            events.forEach(e -> types.add(e.get("$id").asText()));
            return types.equals(new TreeSet<>(catalog.versionsByType().keySet()));
        });
        source.close();
        assertEquals(
                new TreeSet<>(catalog.versionsByType().keySet()),
                types,
                "every type in the catalog, as --help promises");
        for (ObjectNode e : events) {
            assertEquals(List.of(), catalog.validate(e, "synthetic", 0), e.toString());
        }
    }
}
