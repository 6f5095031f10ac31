package io.evex.runtime.analysis.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.FrameStage;
import io.evex.runtime.analysis.MetaKey;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.analysis.track.Track;
import io.evex.runtime.analysis.track.TrackUpdate;
import io.evex.runtime.event.RuleEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rules} stage: every zone and line sees each tracked object of a frame's
 * {@link TrackUpdate} and raises its events (enter, exit, intrusion, loitering, occupancy,
 * crossing), put on the frame as {@link #HITS} too. An object that ends leaves its zones where it
 * was last seen. Passes frames on.
 */
public final class RulesStage implements FrameStage {

    /** The rule events raised on the frame. */
    public static final MetaKey<List<RuleEvent>> HITS = MetaKey.of("rule-hits");

    private final List<ZoneRule> zones;
    private final List<LineRule> lines;

    /** @param zones fresh rules for this channel (they keep who is inside) */
    public RulesStage(List<ZoneRule> zones, List<LineRule> lines) {
        this.zones = List.copyOf(zones);
        this.lines = List.copyOf(lines);
    }

    @Override
    public void frame(StageContext context, AnalysisFrame current) {
        TrackUpdate update = context.meta().get(TrackUpdate.KEY);
        if (update != null) {
            apply(context, update);
        }
        context.next(current);
    }

    /** The tracks the end of the stream ended leave their zones. */
    @Override
    public void finish(StageContext context) {
        TrackUpdate update = context.meta().get(TrackUpdate.KEY);
        if (update != null) {
            apply(context, update);
        }
    }

    private void apply(StageContext context, TrackUpdate u) {
        long pts = u.frame().ptsMicros();
        List<RuleEvent> hits = new ArrayList<>();
        for (Track t : u.born()) {
            observe(t, pts, hits);
        }
        for (Track t : u.seen()) {
            observe(t, pts, hits);
        }
        for (Track t : u.ended()) {
            Detection seen = t.lastSeen(); // not the box predicted on after the object was gone
            TrackPoint p = new TrackPoint(
                    t.trackingId(), t.label(), t.confidence(), seen.l(), seen.t(), seen.w(), seen.h(), pts);
            zones.forEach(z -> z.ended(p, hits));
            lines.forEach(l -> l.ended(p));
        }
        for (RuleEvent e : hits) {
            context.emit(event(context, u.frame(), e));
        }
        context.meta().put(HITS, hits);
    }

    private void observe(Track t, long pts, List<RuleEvent> out) {
        TrackPoint p = new TrackPoint(t.trackingId(), t.label(), t.confidence(), t.l(), t.t(), t.w(), t.h(), pts);
        zones.forEach(z -> z.update(p, out));
        lines.forEach(l -> l.update(p, out));
    }

    private ObjectNode event(StageContext context, AnalysisFrame frame, RuleEvent r) {
        ObjectNode e = context.event(r.type(), RuleEvents.version(r.type()), frame);
        if (r.type().equals("event-occupancy")) {
            int max = zones.stream()
                    .filter(z -> z.name().equals(r.rule()))
                    .mapToInt(ZoneRule::occupancyMax)
                    .findFirst()
                    .orElse(0);
            return RuleEvents.occupancy(e, r.rule(), r.count(), max, r.direction());
        }
        TrackPoint p = r.object();
        double[] box = {p.l(), p.t(), p.w(), p.h()};
        if (r.type().equals("event-line-crossing")) {
            return RuleEvents.crossing(e, r.rule(), r.direction(), p.trackingId(), p.label(), p.confidence(), box);
        }
        return RuleEvents.zone(e, r.type(), r.rule(), p.trackingId(), p.label(), p.confidence(), box, r.seconds());
    }
}
