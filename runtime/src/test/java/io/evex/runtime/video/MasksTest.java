package io.evex.runtime.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.RulesWriter;
import io.evex.runtime.event.EventEnvelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Masks and filters on the bundled sample, where a red walker crosses the picture from left to
 * right at mid-height (its feet at y = 0.64): masked on the left half of its path, it is seen only
 * on the right half.
 */
class MasksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEFT_OF_PATH = "[[0.0, 0.5], [0.5, 0.5], [0.5, 0.8], [0.0, 0.8]]";

    private final ConfigLoader loader = new ConfigLoader(new io.evex.schemas.SchemaValidator());

    private List<ObjectNode> run(String extra) throws Exception {
        JsonNode entry =
                JSON.readTree("{\"name\": \"lobby\", \"url\": \"sample\", \"realtime\": false, \"loop\": false,"
                        + " \"detector\": {\"type\": \"motion\"}" + extra + "}");
        ChannelSettings settings = loader.channel(entry, "test");
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        try (Channel c = new Channel(settings, events::add, new EventEnvelope(), ChannelListener.NONE).start()) {
            assertTrue(c.await(30_000), "the sample ends");
        }
        return events;
    }

    private static List<ObjectNode> of(List<ObjectNode> events, String type) {
        return events.stream().filter(e -> e.get("$id").asText().equals(type)).toList();
    }

    private static double feetX(JsonNode track) {
        return track.at("/box/l").asDouble() + track.at("/box/w").asDouble() / 2;
    }

    @Test
    void anObjectMaskOverTheWalkersPathKeepsItsTracksOutOfThere() throws Exception {
        List<ObjectNode> unmasked = of(run(""), "track");
        assertTrue(unmasked.stream().anyMatch(t -> feetX(t) < 0.4), "seen on the left without a mask: " + unmasked);
        List<ObjectNode> tracks =
                of(run(", \"object_masks\": [{\"name\": \"left\", \"polygon\": " + LEFT_OF_PATH + "}]"), "track");
        assertFalse(tracks.isEmpty(), "still tracked on the right");
        for (ObjectNode t : tracks) {
            assertTrue(feetX(t) >= 0.45, "no track where it stands in the mask: " + t);
        }
    }

    @Test
    void aMotionMaskIgnoresMotionThereAndAClassFilterDropsWhatItRefuses() throws Exception {
        List<ObjectNode> events =
                run(", \"motion_masks\": [{\"name\": \"left\", \"polygon\": [[0, 0], [0.5, 0], [0.5, 1], [0, 1]]}]");
        List<ObjectNode> motion = of(events, "event-motion");
        assertFalse(motion.isEmpty(), "motion on the right");
        for (ObjectNode m : motion) {
            JsonNode box = m.at("/regions/0/box");
            assertTrue(box.get("l").asDouble() >= 0.49, "no motion from the masked left half: " + m);
        }
        List<ObjectNode> big = of(run(", \"object_filters\": {\"motion\": {\"min_area\": 0.5}}"), "track");
        assertEquals(List.of(), big, "the walker covers far less than half the picture");
        List<ObjectNode> upright =
                of(run(", \"object_filters\": {\"motion\": {\"max_ratio\": 1.2, \"min_score\": 0.5}}"), "track");
        assertFalse(upright.isEmpty(), "60x90 px: upright, kept");
    }

    @Test
    void masksAndFiltersAreWrittenBackAsTheyWereGivenAndBadOnesRefusedByName() throws Exception {
        String rules =
                "{\"zones\": [], \"lines\": [], \"motion_masks\": [{\"name\": \"tree\", \"polygon\": [[0.0, 0.0], [0.2, 0.0], [0.2, 0.3]]}],"
                        + " \"object_masks\": [{\"name\": \"road\", \"polygon\": " + LEFT_OF_PATH + "}],"
                        + " \"object_filters\": {\"person\": {\"min_area\": 0.01, \"max_ratio\": 1.5}}}";
        JsonNode written = RulesWriter.of(loader.rules(JSON.readTree(rules), "test"));
        assertEquals(JSON.readTree(rules).get("motion_masks"), written.get("motion_masks"));
        assertEquals(JSON.readTree(rules).get("object_masks"), written.get("object_masks"));
        assertEquals(JSON.readTree(rules).get("object_filters"), written.get("object_filters"));
        var bad = org.junit.jupiter.api.Assertions.assertThrows(
                io.evex.schemas.ProblemException.class,
                () -> loader.rules(
                        JSON.readTree("{\"object_filters\": {\"car\": {\"min_area\": 0.5, \"max_area\": 0.1}}}"),
                        "test"));
        assertTrue(bad.getMessage().contains("object_filters.car: a minimum is above its maximum"), bad.getMessage());
    }
}
