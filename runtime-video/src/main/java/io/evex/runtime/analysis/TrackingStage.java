package io.evex.runtime.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.crop.Cropper;
import io.evex.runtime.analysis.crop.TrackCrops;
import io.evex.runtime.analysis.rules.LineRule;
import io.evex.runtime.analysis.rules.RuleEvent;
import io.evex.runtime.analysis.rules.TrackPoint;
import io.evex.runtime.analysis.rules.ZoneRule;
import io.evex.runtime.analysis.track.ByteTracker;
import io.evex.runtime.analysis.track.Detection;
import io.evex.runtime.analysis.track.Track;
import io.evex.runtime.event.RuleEvents;
import io.evex.runtime.event.TrackEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each analysed frame's objects into tracks and events: the objects come from a detector
 * (for now: the motion stage's regions), the {@link ByteTracker} gives them stable ids, a
 * {@code track} event (v3) reports each object when it appears ({@code new}), at most every
 * {@code update_ms} while it stays (or sooner when it moved), and when it ends; then the zones and
 * lines see every tracked object and raise their events, and {@link TrackCrops} takes the objects'
 * pictures (cut from the very frame the objects were found in). The tracked boxes are drawn on
 * annotated outputs. Passes frames on.
 */
public final class TrackingStage implements FrameStage {

    private final ObjectSource source;
    private final ObjectSettings settings;
    private final ByteTracker tracker;
    private final TrackCrops crops;
    private final List<ZoneRule> zones = new ArrayList<>();
    private final List<LineRule> lines = new ArrayList<>();
    private final Map<Long, Report> reported = new HashMap<>();
    private long lastPts = Long.MIN_VALUE;
    private FrameStamp lastFrame;

    /** The last {@code track} event of an object: when, and where its box was. */
    private record Report(long bornMicros, long atMicros, double l, double t, double w, double h) {}

    /** A stage that takes no pictures of its objects. */
    public TrackingStage(ObjectSource source, ObjectSettings settings) {
        this(source, settings, Cropper.NONE);
    }

    /**
     * @param source where the objects come from; closed with the stage
     * @param cropper cuts the pictures {@code settings.crops()} asks for; closed with the stage
     */
    public TrackingStage(ObjectSource source, ObjectSettings settings, Cropper cropper) {
        this.source = source;
        this.settings = settings;
        this.tracker = new ByteTracker(settings.tracker());
        this.crops = new TrackCrops(settings.crops(), cropper);
        settings.zones().forEach(z -> zones.add(z.rule()));
        settings.lines().forEach(l -> lines.add(l.rule()));
    }

    @Override
    public void frame(StageContext context, AnalysisFrame current) {
        ObjectSource.Found found = source.next(current);
        source.report(context);
        crops.collect(context);
        if (found != null) {
            try {
                track(context, found.frame(), found.objects());
            } finally {
                found.frame().release(); // a detector's result holds its frame's pixels until now
            }
        }
        List<Track> shown = shown();
        context.overlay(boxes(shown), labels(shown));
        context.next(current);
    }

    /** What {@code statistics} shows of this stage: the detector's counters and the pictures'. */
    @Override
    public Map<String, Number> counters() {
        Map<String, Number> counters = new LinkedHashMap<>(source.counters());
        counters.putAll(crops.counters());
        return counters;
    }

    private void track(StageContext context, AnalysisFrame frame, List<Detection> objects) {
        lastFrame = FrameStamp.of(frame);
        long pts = frame.ptsMicros();
        double step = lastPts == Long.MIN_VALUE || pts <= lastPts ? 0 : (pts - lastPts) / 1e6;
        lastPts = pts;
        ByteTracker.Update u = tracker.update(objects);
        List<RuleEvent> ruleEvents = new ArrayList<>();
        for (Track t : u.born()) {
            reported.put(t.id(), new Report(pts, pts, t.l(), t.t(), t.w(), t.h()));
            context.emit(track(context, frame, t, "new", 0, step));
            observe(t, pts, ruleEvents);
        }
        for (Track t : u.seen()) {
            Report last = reported.get(t.id());
            if (last != null && due(last, t, pts)) {
                reported.put(t.id(), new Report(last.bornMicros, pts, t.l(), t.t(), t.w(), t.h()));
                context.emit(track(context, frame, t, "update", (pts - last.bornMicros) / 1e6, step));
            }
            observe(t, pts, ruleEvents);
        }
        for (Track t : u.ended()) {
            end(context, frame, t, pts, step, ruleEvents);
        }
        for (RuleEvent e : ruleEvents) {
            context.emit(ruleEvent(context, frame, e));
        }
        List<Track> found = new ArrayList<>(u.born());
        found.addAll(u.seen());
        crops.seen(frame, found);
    }

    /** At the end of the stream every object still tracked ends: its {@code track} end and its exits. */
    @Override
    public void finish(StageContext context) {
        if (lastFrame == null) {
            return;
        }
        List<RuleEvent> ruleEvents = new ArrayList<>();
        for (Track t : tracker.endAll()) {
            end(context, lastFrame, t, lastFrame.ptsMicros(), 0, ruleEvents);
        }
        for (RuleEvent e : ruleEvents) {
            context.emit(ruleEvent(context, lastFrame, e));
        }
        crops.finish(context);
    }

    @Override
    public void close() {
        source.close();
        crops.close();
    }

    private void end(StageContext context, AnalysisFrame frame, Track t, long pts, double step, List<RuleEvent> out) {
        Report last = reported.remove(t.id());
        double age = last == null ? 0 : (pts - last.bornMicros) / 1e6;
        context.emit(track(context, frame, t, "end", age, step));
        crops.ended(context, t);
        Detection seen = t.lastSeen(); // not the box predicted on after the object was gone
        TrackPoint p =
                new TrackPoint(t.trackingId(), t.label(), t.confidence(), seen.l(), seen.t(), seen.w(), seen.h(), pts);
        zones.forEach(z -> z.ended(p, out));
        lines.forEach(l -> l.ended(p));
    }

    private boolean due(Report last, Track t, long pts) {
        if (pts - last.atMicros >= settings.updateMs() * 1000) {
            return true;
        }
        double moved = Math.max(
                Math.abs(t.l() - last.l) / Math.max(last.w, 1e-6), Math.abs(t.t() - last.t) / Math.max(last.h, 1e-6));
        return moved > settings.moveShare();
    }

    private void observe(Track t, long pts, List<RuleEvent> out) {
        TrackPoint p = point(t, pts);
        zones.forEach(z -> z.update(p, out));
        lines.forEach(l -> l.update(p, out));
    }

    private static TrackPoint point(Track t, long pts) {
        return new TrackPoint(t.trackingId(), t.label(), t.confidence(), t.l(), t.t(), t.w(), t.h(), pts);
    }

    private List<Track> shown() {
        return tracker.tracks().stream()
                .filter(t -> t.age() > 0 && t.missed() == 0)
                .toList();
    }

    private static String[] labels(List<Track> shown) {
        String[] labels = new String[shown.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = shown.get(i).label() + " " + shown.get(i).id();
        }
        return labels;
    }

    private static float[] boxes(List<Track> shown) {
        float[] boxes = new float[shown.size() * 4];
        for (int i = 0; i < shown.size(); i++) {
            Track t = shown.get(i);
            boxes[i * 4] = (float) clamp(t.l());
            boxes[i * 4 + 1] = (float) clamp(t.t());
            boxes[i * 4 + 2] = (float) Math.min(t.w(), 1 - clamp(t.l()));
            boxes[i * 4 + 3] = (float) Math.min(t.h(), 1 - clamp(t.t()));
        }
        return boxes;
    }

    private ObjectNode track(
            StageContext context, AnalysisFrame frame, Track t, String state, double age, double step) {
        // The end is reported where the object was last seen, not where the filter predicted it since.
        Detection seen = t.lastSeen();
        double[] box = state.equals("end")
                ? new double[] {seen.l(), seen.t(), seen.w(), seen.h()}
                : new double[] {t.l(), t.t(), t.w(), t.h()};
        double perSecond = step > 0 ? 1 / step : 0;
        return TrackEvent.fill(
                context.event(TrackEvent.TYPE, TrackEvent.VERSION, frame),
                t.trackingId(),
                t.label(),
                t.confidence(),
                box,
                t.dx() * perSecond,
                t.dy() * perSecond,
                state,
                age);
    }

    private ObjectNode ruleEvent(StageContext context, AnalysisFrame frame, RuleEvent r) {
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

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
