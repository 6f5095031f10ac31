package io.evex.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.schemas.EventCatalog;
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
                new SyntheticSource(new SourceConfig(List.of("lobby", "dock"), 400), catalog, events::add);
        source.start();
        Set<String> types = new TreeSet<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!types.equals(new TreeSet<>(catalog.versionsByType().keySet()))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            events.forEach(e -> types.add(e.get("$id").asText()));
        }
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
