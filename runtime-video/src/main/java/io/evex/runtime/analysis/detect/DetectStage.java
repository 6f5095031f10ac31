package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.FrameStage;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.StageContext;
import java.util.Map;

/**
 * The {@code detect} stage: offers each frame to a detector backend ({@link ObjectSource}) and,
 * when a detection completes, puts its objects on the frame as {@link ObjectSource.Found#KEY} for
 * the tracker. The objects refer to the frame they were found in (a worker's result comes frames
 * later); that frame's pixels are held until every later stage is done with it. Passes frames on.
 */
public final class DetectStage implements FrameStage {

    private final ObjectSource source;

    /** @param source the detector backend; closed with the stage */
    public DetectStage(ObjectSource source) {
        this.source = source;
    }

    @Override
    public void frame(StageContext context, AnalysisFrame current) {
        ObjectSource.Found found = source.next(current);
        source.report(context);
        if (found == null) {
            context.next(current);
            return;
        }
        context.meta().put(ObjectSource.Found.KEY, found);
        try {
            context.next(current);
        } finally {
            found.frame().release(); // later stages (crops) cut pictures from it until now
        }
    }

    /** The backend's counters: detections, skipped frames, time per detection. */
    @Override
    public Map<String, Number> counters() {
        return source.counters();
    }

    @Override
    public void close() {
        source.close();
    }
}
