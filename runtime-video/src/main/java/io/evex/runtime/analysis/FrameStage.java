package io.evex.runtime.analysis;

import java.util.Map;

/**
 * One named step of a channel's {@link AnalysisPipeline}: it looks at a frame, may emit events or
 * set the overlay through its {@link StageContext}, and passes the frame on with
 * {@code context.next(frame)} (what most stages do, whatever they found) or keeps it from the
 * stages after it (a rate filter does). Stages run on the channel's thread, one frame
 * at a time: they need no locking. A stage that is slow must hand work to its own bounded worker
 * and skip frames, never queue without end.
 */
@FunctionalInterface
public interface FrameStage extends AutoCloseable {

    /** Handles one frame; call {@code context.next(frame)} to pass it on. */
    void frame(StageContext context, AnalysisFrame frame);

    /** Counters of the stage's own for {@code statistics} (a detector's detections and skipped frames). */
    default Map<String, Number> counters() {
        return Map.of();
    }

    /** The stream has ended: report what that ends (a tracker ends its tracks); events may still be emitted. */
    default void finish(StageContext context) {}

    /** Releases what the stage holds; called once when the channel ends, after {@link #finish}. */
    @Override
    default void close() {}
}
