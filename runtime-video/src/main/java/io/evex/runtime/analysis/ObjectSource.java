package io.evex.runtime.analysis;

import java.util.List;
import java.util.Map;

/**
 * A detector backend as the {@code detect} stage runs it: the motion regions, an ONNX model on its
 * own worker, or an AI server over the LVA extension contract.
 */
public interface ObjectSource extends AutoCloseable {

    /** Objects found in {@code frame} (which may be an earlier frame than the one offered). */
    record Found(AnalysisFrame frame, List<Detection> objects) {

        /** The objects of the latest complete detection, on the frame the {@code detect} stage passes on. */
        public static final MetaKey<Found> KEY = MetaKey.of("detections");
    }

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
