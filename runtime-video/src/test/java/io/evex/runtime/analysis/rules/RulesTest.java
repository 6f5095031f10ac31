package io.evex.runtime.analysis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Zones and tripwires on scripted tracks. */
class RulesTest {

    /** The right half of the picture. */
    private static final Polygon RIGHT_HALF =
            Polygon.of(List.of(new double[] {0.5, 0}, new double[] {1, 0}, new double[] {1, 1}, new double[] {0.5, 1}));

    private static final double W = 0.05;
    private static final double H = 0.1;

    /** An object whose bottom centre is at (x, y) at frame f (25 fps). */
    private static TrackPoint at(String id, double x, double y, int f) {
        return new TrackPoint(id, "person", 0.9, x - W / 2, y - H, W, H, f * 40_000L);
    }

    private static List<String> types(List<RuleEvent> events) {
        return events.stream()
                .map(e -> e.type() + (e.direction() == null ? "" : ":" + e.direction()))
                .toList();
    }

    @Test
    void enterAndExitOnceEachDespiteJitterOnTheBorder() {
        ZoneRule zone = new ZoneRule("dock", RIGHT_HALF, ObjectFilter.ANY, 3, 0, false, ZoneRule.NO_OCCUPANCY);
        List<RuleEvent> out = new ArrayList<>();
        Random jitter = new Random(7);
        int f = 0;
        for (double x = 0.2; x < 0.5; x += 0.02) {
            zone.update(at("t-1", x, 0.6, f++), out);
        }
        for (int i = 0; i < 40; i++) { // standing on the border, swaying either side
            zone.update(at("t-1", 0.5 + (jitter.nextBoolean() ? 0.004 : -0.004), 0.6, f++), out);
        }
        for (double x = 0.5; x < 0.8; x += 0.02) {
            zone.update(at("t-1", x, 0.6, f++), out);
        }
        for (int i = 0; i < 40; i++) {
            zone.update(at("t-1", 0.5 + (jitter.nextBoolean() ? 0.004 : -0.004), 0.6, f++), out);
        }
        for (double x = 0.5; x > 0.1; x -= 0.02) {
            zone.update(at("t-1", x, 0.6, f++), out);
        }
        assertEquals(List.of("event-area-enter", "event-area-exit"), types(out));
        assertEquals(0, zone.occupancy());
    }

    @Test
    void aBoxThatFlickersOutsideForFewerFramesThanTheInertiaStaysIn() {
        ZoneRule zone = new ZoneRule("dock", RIGHT_HALF, ObjectFilter.ANY, 3, 0, false, ZoneRule.NO_OCCUPANCY);
        List<RuleEvent> out = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            boolean glitch = f % 10 == 5 || f % 10 == 6; // two frames in ten detected far off
            zone.update(at("t-1", glitch ? 0.2 : 0.7, 0.5, f), out);
        }
        assertEquals(List.of("event-area-enter"), types(out));
    }

    @Test
    void aTrackThatEndsInsideLeavesTheZone() {
        ZoneRule zone = new ZoneRule("dock", RIGHT_HALF, ObjectFilter.ANY, 2, 0, true, ZoneRule.NO_OCCUPANCY);
        List<RuleEvent> out = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            zone.update(at("t-1", 0.7, 0.5, f), out);
        }
        zone.ended(at("t-1", 0.7, 0.5, 5), out);
        assertEquals(
                List.of("event-intrusion", "event-area-enter", "event-intrusion-end", "event-area-exit"), types(out));
    }

    @Test
    void loiteringAfterItsTimeAndItsEndWhenTheObjectLeaves() {
        ZoneRule zone = new ZoneRule("door", RIGHT_HALF, ObjectFilter.ANY, 1, 4, false, ZoneRule.NO_OCCUPANCY);
        List<RuleEvent> out = new ArrayList<>();
        int f = 0;
        for (; f < 25 * 6; f++) { // 6 s inside
            zone.update(at("t-1", 0.7, 0.5, f), out);
        }
        zone.update(at("t-1", 0.2, 0.5, f), out);
        assertEquals(
                List.of("event-area-enter", "event-loitering", "event-area-exit", "event-loitering-end"), types(out));
        assertEquals(4.0, out.get(1).seconds(), 0.05, "raised when 4 s were reached");
        assertEquals(6.0, out.get(3).seconds(), 0.05, "the whole stay");
    }

    @Test
    void occupancyIsReportedWhenItPassesTheMaximumAndWhenItIsBackWithin() {
        ZoneRule zone = new ZoneRule("room", RIGHT_HALF, ObjectFilter.ANY, 1, 0, false, 2);
        List<RuleEvent> out = new ArrayList<>();
        zone.update(at("a", 0.7, 0.5, 0), out);
        zone.update(at("b", 0.8, 0.5, 0), out);
        zone.update(at("c", 0.9, 0.5, 0), out);
        zone.update(at("c", 0.1, 0.5, 1), out);
        List<RuleEvent> occupancy =
                out.stream().filter(e -> e.type().equals("event-occupancy")).toList();
        assertEquals(2, occupancy.size(), types(out).toString());
        assertEquals("above", occupancy.get(0).direction());
        assertEquals(3, occupancy.get(0).count());
        assertEquals("within", occupancy.get(1).direction());
        assertEquals(2, occupancy.get(1).count());
    }

    @Test
    void filtersKeepOtherClassesWeakDetectionsAndSpecksOut() {
        ObjectFilter cars = new ObjectFilter(Set.of("car"), 0.5, 0.001);
        ZoneRule zone = new ZoneRule("lot", RIGHT_HALF, cars, 1, 0, false, ZoneRule.NO_OCCUPANCY);
        List<RuleEvent> out = new ArrayList<>();
        zone.update(at("person", 0.7, 0.5, 0), out);
        zone.update(new TrackPoint("weak", "car", 0.3, 0.7, 0.4, W, H, 0), out);
        zone.update(new TrackPoint("speck", "car", 0.9, 0.7, 0.4, 0.01, 0.01, 0), out);
        assertEquals(List.of(), out);
        zone.update(new TrackPoint("car", "car", 0.9, 0.7, 0.4, W, H, 0), out);
        assertEquals(List.of("event-area-enter"), types(out));
    }

    @Test
    void crossingsAreReportedWithTheirDirection() {
        // A horizontal line across the middle, drawn left to right: a-b is downwards in the picture.
        LineRule both = new LineRule("gate", 0.1, 0.5, 0.9, 0.5, LineRule.Direction.BOTH, ObjectFilter.ANY);
        LineRule down = new LineRule("in", 0.1, 0.5, 0.9, 0.5, LineRule.Direction.A_B, ObjectFilter.ANY);
        List<RuleEvent> out = new ArrayList<>();
        List<RuleEvent> downOnly = new ArrayList<>();
        Random jitter = new Random(3);
        int f = 0;
        for (double y = 0.3; y < 0.7; y += 0.01) {
            both.update(at("t-1", 0.5, y + jitter.nextGaussian() * 0.003, f), out);
            down.update(at("t-1", 0.5, y, f++), downOnly);
        }
        for (double y = 0.7; y > 0.3; y -= 0.01) {
            both.update(at("t-1", 0.5, y + jitter.nextGaussian() * 0.003, f), out);
            down.update(at("t-1", 0.5, y, f++), downOnly);
        }
        assertEquals(List.of("event-line-crossing:a-b", "event-line-crossing:b-a"), types(out));
        assertEquals(List.of("event-line-crossing:a-b"), types(downOnly));
    }

    @Test
    void passingBeyondTheEndOfTheLineIsNoCrossing() {
        LineRule gate = new LineRule("gate", 0.1, 0.5, 0.4, 0.5, LineRule.Direction.BOTH, ObjectFilter.ANY);
        List<RuleEvent> out = new ArrayList<>();
        int f = 0;
        for (double y = 0.3; y < 0.7; y += 0.02) {
            gate.update(at("t-1", 0.7, y, f++), out);
        }
        assertEquals(List.of(), out);
        assertThrows(IllegalArgumentException.class, () -> LineRule.Direction.parse("up"));
        assertThrows(
                IllegalArgumentException.class, () -> Polygon.of(List.of(new double[] {0, 0}, new double[] {1, 1})));
    }
}
