package io.evex.runtime.analysis.track;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.FrameStage;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.event.TrackEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code track} stage: gives the objects of each detection ({@link ObjectSource.Found#KEY})
 * stable ids with the {@link ByteTracker}, reports each object in a {@code track} event (v3) when
 * it appears ({@code new}), at most every {@code update_ms} while it stays (or sooner when it
 * moved by more than {@code move_share} of its size), and when it ends; puts the tracks on the
 * frame as {@link TrackUpdate#KEY} for the rules and crops, and draws the tracked boxes on
 * annotated outputs. Passes frames on.
 */
public final class TrackStage implements FrameStage {

    private final ByteTracker tracker;
    private final long updateMs;
    private final double moveShare;
    private final Map<Long, Report> reported = new HashMap<>();
    private long lastPts = Long.MIN_VALUE;
    private FrameStamp lastFrame;

    /** The last {@code track} event of an object: when, and where its box was. */
    private record Report(long bornMicros, long atMicros, double l, double t, double w, double h) {}

    /**
     * @param updateMs the longest time between two {@code update} events of a track
     * @param moveShare a move of more than this share of the box's size is reported sooner
     */
    public TrackStage(TrackerSettings settings, long updateMs, double moveShare) {
        this.tracker = new ByteTracker(settings);
        this.updateMs = updateMs;
        this.moveShare = moveShare;
    }

    @Override
    public void frame(StageContext context, AnalysisFrame current) {
        ObjectSource.Found found = context.meta().get(ObjectSource.Found.KEY);
        if (found != null) {
            context.meta().put(TrackUpdate.KEY, track(context, found.frame(), found.objects()));
        }
        List<Track> shown = shown();
        context.overlay(TrackBoxes.boxes(shown), TrackBoxes.labels(shown));
        context.next(current);
    }

    private TrackUpdate track(StageContext context, AnalysisFrame frame, List<Detection> objects) {
        lastFrame = FrameStamp.of(frame);
        long pts = frame.ptsMicros();
        double step = lastPts == Long.MIN_VALUE || pts <= lastPts ? 0 : (pts - lastPts) / 1e6;
        lastPts = pts;
        ByteTracker.Update u = tracker.update(objects);
        for (Track t : u.born()) {
            reported.put(t.id(), new Report(pts, pts, t.l(), t.t(), t.w(), t.h()));
            context.emit(event(context, frame, t, "new", 0, step));
        }
        for (Track t : u.seen()) {
            Report last = reported.get(t.id());
            if (last != null && due(last, t, pts)) {
                reported.put(t.id(), new Report(last.bornMicros, pts, t.l(), t.t(), t.w(), t.h()));
                context.emit(event(context, frame, t, "update", (pts - last.bornMicros) / 1e6, step));
            }
        }
        for (Track t : u.ended()) {
            end(context, frame, t, pts, step);
        }
        context.objects(objects(frame, u));
        return new TrackUpdate(frame, u.born(), u.seen(), u.ended());
    }

    /** The objects of this frame (new and seen again), with the boxes their {@code track} events would give. */
    private static io.evex.api.media.FrameObjects objects(AnalysisFrame frame, ByteTracker.Update u) {
        List<io.evex.api.media.FrameObjects.Box> boxes =
                new java.util.ArrayList<>(u.born().size() + u.seen().size());
        for (List<Track> group : List.of(u.born(), u.seen())) {
            for (Track t : group) {
                boxes.add(new io.evex.api.media.FrameObjects.Box(
                        t.trackingId(), t.label(), t.confidence(), t.l(), t.t(), t.w(), t.h()));
            }
        }
        return new io.evex.api.media.FrameObjects(
                frame.channel(), frame.frameId(), frame.ptsMicros(), frame.epochMillis(), boxes);
    }

    /** At the end of the stream every object still tracked ends, on the last frame analysed. */
    @Override
    public void finish(StageContext context) {
        if (lastFrame == null) {
            return;
        }
        List<Track> ended = tracker.endAll();
        for (Track t : ended) {
            end(context, lastFrame, t, lastFrame.ptsMicros(), 0);
        }
        context.meta().put(TrackUpdate.KEY, new TrackUpdate(lastFrame, List.of(), List.of(), ended));
    }

    private void end(StageContext context, AnalysisFrame frame, Track t, long pts, double step) {
        Report last = reported.remove(t.id());
        double age = last == null ? 0 : (pts - last.bornMicros) / 1e6;
        context.emit(event(context, frame, t, "end", age, step));
    }

    private boolean due(Report last, Track t, long pts) {
        if (pts - last.atMicros >= updateMs * 1000) {
            return true;
        }
        double moved = Math.max(
                Math.abs(t.l() - last.l) / Math.max(last.w, 1e-6), Math.abs(t.t() - last.t) / Math.max(last.h, 1e-6));
        return moved > moveShare;
    }

    private List<Track> shown() {
        return tracker.tracks().stream()
                .filter(t -> t.age() > 0 && t.missed() == 0)
                .toList();
    }

    private static ObjectNode event(
            StageContext context, AnalysisFrame frame, Track t, String state, double age, double step) {
        // The end is reported where the object was last seen, not where the filter predicted it since.
        Detection seen = t.lastSeen();
        double[] box = state.equals("end")
                ? new double[] {seen.l(), seen.t(), seen.w(), seen.h()}
                : new double[] {t.l(), t.t(), t.w(), t.h()};
        double perSecond = step > 0 ? 1 / step : 0;
        ObjectNode event = TrackEvent.fill(
                context.event(TrackEvent.TYPE, TrackEvent.VERSION, frame),
                t.trackingId(),
                t.label(),
                t.confidence(),
                box,
                t.dx() * perSecond,
                t.dy() * perSecond,
                state,
                age);
        t.attributes().forEach((name, a) -> TrackEvent.attribute(event, name, a.value(), a.confidence()));
        return event;
    }
}
