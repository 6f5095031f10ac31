package io.evex.runtime.analysis;

import io.evex.runtime.analysis.track.Detection;
import java.util.List;
import java.util.Map;

/** Where the tracking stage's objects come from: the motion regions, or a detector model. */
public interface ObjectSource extends AutoCloseable {

    /** Objects found in {@code frame} (which may be an earlier frame than the one offered). */
    record Found(AnalysisFrame frame, List<Detection> objects) {}

    /** Offers the current frame; returns the objects of a frame whose detection is complete, or null. */
    Found next(AnalysisFrame frame);

    /** Emits the source's own events, once per frame after {@link #next} (an AI server's {@code inference} events). */
    default void report(StageContext context) {}

    /** Counters for {@code statistics} (detections, skipped frames, time per detection). */
    default Map<String, Number> counters() {
        return Map.of();
    }

    @Override
    default void close() {}
}
