package io.evex.runtime.analysis.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A zone (polygon) and what it reports about the objects whose bottom centre is in it:
 * {@code event-area-enter} / {@code event-area-exit} once the object has been inside (or outside)
 * for {@code inertia} frames in a row, away from the border by more than a small band (so an object
 * standing on the border, or a box that flickers, raises nothing); {@code event-loitering}
 * after {@code loiteringSeconds} inside and {@code event-loitering-end} when it leaves;
 * {@code event-intrusion} / {@code event-intrusion-end} when the zone is an intrusion zone (any
 * accepted object in it at all, no inertia); {@code event-occupancy} when the count inside goes above
 * {@code occupancyMax} and again when it is back within it ({@link #NO_OCCUPANCY} = no such events;
 * 0 = an event as soon as anything is inside).
 */
public final class ZoneRule {

    /** No occupancy events for this zone. */
    public static final int NO_OCCUPANCY = -1;

    private final String name;
    private final Polygon polygon;
    private final ObjectFilter filter;
    private final int inertia;
    private final double loiteringSeconds;
    private final boolean intrusion;
    private final int occupancyMax;
    private final Map<String, State> objects = new HashMap<>();
    private boolean crowded;

    /** Per object: where it is counted, and for how long its position has disagreed. */
    private static final class State {
        boolean inside;
        int streak;
        long enteredMicros;
        boolean loitering;
        boolean intruding;
    }

    /**
     * @param loiteringSeconds 0 = no loitering events
     * @param occupancyMax {@link #NO_OCCUPANCY} = no occupancy events
     */
    public ZoneRule(
            String name,
            Polygon polygon,
            ObjectFilter filter,
            int inertia,
            double loiteringSeconds,
            boolean intrusion,
            int occupancyMax) {
        this.name = name;
        this.polygon = polygon;
        this.filter = filter;
        this.inertia = Math.max(1, inertia);
        this.loiteringSeconds = loiteringSeconds;
        this.intrusion = intrusion;
        this.occupancyMax = occupancyMax;
    }

    public String name() {
        return name;
    }

    public Polygon polygon() {
        return polygon;
    }

    public int occupancyMax() {
        return occupancyMax;
    }

    /** Objects counted inside now. */
    public int occupancy() {
        int n = 0;
        for (State s : objects.values()) {
            n += s.inside ? 1 : 0;
        }
        return n;
    }

    /** One frame's position of an object; events go to {@code out}. */
    public void update(TrackPoint p, List<RuleEvent> out) {
        if (!filter.accepts(p)) {
            return;
        }
        State s = objects.computeIfAbsent(p.trackingId(), id -> new State());
        boolean there = polygon.contains(p.x(), p.y());
        boolean decisive = polygon.distanceToEdge(p.x(), p.y()) > LineRule.DEAD_BAND;
        if (intrusion && there && !s.intruding) {
            s.intruding = true;
            out.add(RuleEvent.of("event-intrusion", name, p));
        } else if (intrusion && !there && s.intruding) {
            s.intruding = false;
            out.add(RuleEvent.of("event-intrusion-end", name, p));
        }
        // On the border (within a small band) the object keeps its state: neither in nor out.
        s.streak = !decisive || there == s.inside ? 0 : s.streak + 1;
        if (s.streak >= inertia) {
            s.streak = 0;
            s.inside = there;
            if (there) {
                s.enteredMicros = p.ptsMicros();
                out.add(RuleEvent.of("event-area-enter", name, p));
            } else {
                leave(s, p, out);
            }
            occupancyChanged(p, out);
        }
        if (s.inside && !s.loitering && loiteringSeconds > 0) {
            double seconds = (p.ptsMicros() - s.enteredMicros) / 1e6;
            if (seconds >= loiteringSeconds) {
                s.loitering = true;
                out.add(new RuleEvent("event-loitering", name, p, null, seconds, 0));
            }
        }
    }

    /** The object's track ended (it left the picture or was lost): it leaves the zone now. */
    public void ended(TrackPoint last, List<RuleEvent> out) {
        State s = objects.remove(last.trackingId());
        if (s == null) {
            return;
        }
        if (s.intruding) {
            out.add(RuleEvent.of("event-intrusion-end", name, last));
        }
        if (s.inside) {
            leave(s, last, out);
            occupancyChanged(last, out);
        }
    }

    private void leave(State s, TrackPoint p, List<RuleEvent> out) {
        out.add(RuleEvent.of("event-area-exit", name, p));
        if (s.loitering) {
            s.loitering = false;
            out.add(new RuleEvent("event-loitering-end", name, p, null, (p.ptsMicros() - s.enteredMicros) / 1e6, 0));
        }
        s.inside = false;
    }

    private void occupancyChanged(TrackPoint p, List<RuleEvent> out) {
        if (occupancyMax < 0) {
            return;
        }
        int count = occupancy();
        if (count > occupancyMax != crowded) {
            crowded = count > occupancyMax;
            out.add(new RuleEvent("event-occupancy", name, null, crowded ? "above" : "within", 0, count));
        }
    }
}
