package io.evex.runtime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.detect.DetectStage;
import io.evex.runtime.analysis.rules.LineRule;
import io.evex.runtime.analysis.rules.ObjectFilter;
import io.evex.runtime.analysis.rules.Polygon;
import io.evex.runtime.analysis.rules.RulesStage;
import io.evex.runtime.analysis.rules.ZoneRule;
import io.evex.runtime.analysis.track.TrackStage;
import io.evex.runtime.analysis.track.TrackUpdate;
import io.evex.runtime.analysis.track.TrackerSettings;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.schemas.EventCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scripted objects through the {@code detect}, {@code track} and {@code rules} stages, which share
 * what they found through the frame's metadata: the events they emit, their order and validity.
 */
class ObjectStagesTest {

    @Test
    void aWalkerAcrossALineIntoAZoneAndOutOfThePicture() {
        ObjectSettings settings = rightZoneAndMiddleLine();
        int[] frameNo = {0};
        ObjectSource source = frame -> {
            int f = frameNo[0]++;
            double l = 0.05 + f * 0.02;
            return new ObjectSource.Found(
                    frame, l < 0.95 ? List.of(new Detection(l, 0.4, 0.08, 0.2, "person", 0.9)) : List.of());
        };
        List<ObjectNode> events;
        try (EmbeddedPipeline p = stages(new EmbeddedPipeline("lobby"), source, settings)) {
            for (int f = 0; f < 70; f++) {
                p.feed(new MemoryFrame("lobby", f + 1, f * 100_000L, 0, new byte[16], 4, 4)); // 10 fps
                if (f == 20) {
                    assertEquals(4, p.overlay().length, "the tracked box is drawn");
                }
            }
            events = p.events();
            assertEquals(0, p.overlay().length, "nothing is drawn once the track ended");
        }
        EventCatalog catalog = EventCatalog.load();
        List<String> sequence = new ArrayList<>();
        for (ObjectNode e : events) {
            assertEquals(List.of(), catalog.validate(e, "stages", 0), e.toString());
            String type = e.get("$id").asText();
            if (!type.equals("track") || !e.get("state").asText().equals("update")) {
                sequence.add(type.equals("track") ? "track:" + e.get("state").asText() : type);
            }
        }
        assertEquals(
                List.of(
                        "track:new",
                        "event-line-crossing",
                        "event-intrusion",
                        "event-area-enter",
                        "event-loitering",
                        "track:end",
                        "event-intrusion-end",
                        "event-area-exit",
                        "event-loitering-end"),
                sequence,
                "in the order they happen");
        ObjectNode end = events.stream()
                .filter(e -> e.path("state").asText().equals("end"))
                .findFirst()
                .orElseThrow();
        assertTrue(end.get("box").get("l").asDouble() > 0.85, "the end is where it was last seen: " + end);
        assertTrue(end.get("age_s").asDouble() > 4, end.toString());
        assertTrue(
                events.stream()
                        .allMatch(e -> e.path("tracking_id").asText("t-1").equals("t-1")),
                "one object");
    }

    @Test
    void theEndOfTheStreamEndsTheTracksStillOpenAndTheirStays() {
        ObjectSettings.ZoneSpec zone = new ObjectSettings.ZoneSpec(
                "all",
                Polygon.of(List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {1, 1}, new double[] {0, 1})),
                ObjectFilter.ANY,
                1,
                0,
                false,
                ZoneRule.NO_OCCUPANCY);
        ObjectSettings settings = new ObjectSettings(
                "motion",
                null,
                new TrackerSettings(0.5, 0.1, 0.2, 0.5, 2, 5),
                1000,
                0.5,
                List.of(zone),
                List.of(),
                CropSettings.OFF,
                null,
                null,
                null);
        ObjectSource source =
                frame -> new ObjectSource.Found(frame, List.of(new Detection(0.4, 0.3, 0.1, 0.2, "car", 0.8)));
        EmbeddedPipeline p = stages(new EmbeddedPipeline("dock"), source, settings);
        for (int f = 0; f < 10; f++) {
            p.feed(new MemoryFrame("dock", f + 1, f * 100_000L, 0, new byte[16], 4, 4));
        }
        assertEquals(0, p.events("event-area-exit").size());
        p.close(); // the file ended
        List<ObjectNode> ends = p.events("track").stream()
                .filter(e -> e.get("state").asText().equals("end"))
                .toList();
        assertEquals(1, ends.size(), p.events().toString());
        assertEquals(10, ends.get(0).get("frame_id").asLong(), "on the last frame analysed");
        assertEquals(1, p.events("event-area-exit").size(), "and it leaves the zone");
    }

    @Test
    void theTrackStageAloneReadsTheObjectsOfTheFrameAndWritesItsTracks() {
        ObjectSettings settings = new ObjectSettings(
                "motion",
                null,
                new TrackerSettings(0.5, 0.1, 0.2, 0.5, 2, 5),
                1000,
                0.5,
                List.of(),
                List.of(),
                CropSettings.OFF,
                null,
                null,
                null);
        List<TrackUpdate> written = new ArrayList<>();
        EmbeddedPipeline p = new EmbeddedPipeline("dock")
                .addLast("objects", (context, frame) -> {
                    context.meta()
                            .put(
                                    ObjectSource.Found.KEY,
                                    new ObjectSource.Found(
                                            frame, List.of(new Detection(0.4, 0.3, 0.1, 0.2, "car", 0.8))));
                    context.next(frame);
                })
                .addLast("track", new TrackStage(settings.tracker(), settings.updateMs(), settings.moveShare()))
                .addLast("after", (context, frame) -> {
                    written.add(context.meta().get(TrackUpdate.KEY));
                    context.next(frame);
                });
        for (int f = 0; f < 3; f++) {
            p.feed(new MemoryFrame("dock", f + 1, f * 100_000L, 0, new byte[16], 4, 4));
        }
        assertEquals(3, written.size(), "every frame carried its tracks to the next stage");
        assertEquals(1, written.stream().mapToInt(u -> u.born().size()).sum(), "one track began (once confirmed)");
        assertEquals(1, written.get(2).seen().size(), "the same object, tracked");
        assertEquals("new", p.events("track").get(0).get("state").asText());
        p.close();
    }

    /** An intrusion zone on the right (loitering after 1 s) and a line down the middle. */
    private static ObjectSettings rightZoneAndMiddleLine() {
        ObjectSettings.ZoneSpec zone = new ObjectSettings.ZoneSpec(
                "right",
                Polygon.of(List.of(
                        new double[] {0.6, 0}, new double[] {1, 0}, new double[] {1, 1}, new double[] {0.6, 1})),
                ObjectFilter.ANY,
                2,
                1.0,
                true,
                ZoneRule.NO_OCCUPANCY);
        ObjectSettings.LineSpec line = new ObjectSettings.LineSpec(
                "middle", new double[] {0.5, 0.9, 0.5, 0.1}, LineRule.Direction.BOTH, ObjectFilter.ANY);
        ObjectSettings settings = new ObjectSettings(
                "motion",
                null,
                new TrackerSettings(0.5, 0.1, 0.2, 0.5, 2, 5),
                1000,
                0.5,
                List.of(zone),
                List.of(line),
                CropSettings.OFF,
                null,
                null,
                null);
        return settings;
    }

    /** The object stages as the standard analysis puts them together. */
    static EmbeddedPipeline stages(EmbeddedPipeline p, ObjectSource source, ObjectSettings settings) {
        return p.addLast("detect", new DetectStage(source))
                .addLast("track", new TrackStage(settings.tracker(), settings.updateMs(), settings.moveShare()))
                .addLast(
                        "rules",
                        new RulesStage(
                                settings.zones().stream()
                                        .map(ObjectSettings.ZoneSpec::rule)
                                        .toList(),
                                settings.lines().stream()
                                        .map(ObjectSettings.LineSpec::rule)
                                        .toList()));
    }
}
