package io.evex.runtime.analysis.motion;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.FrameStage;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.event.MotionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@link MotionDetector} on every frame it gets, draws the moving regions on annotated
 * outputs, and emits {@code event-motion} when something moves, at most once per cool-down on the
 * video's clock (so a file read faster than real time reports as a camera would). Passes frames on.
 */
public final class MotionStage implements FrameStage {

    private final MotionSettings settings;
    private final MotionDetector detector;
    private long lastEventMicros = Long.MIN_VALUE;
    private float[] latest = new float[0];

    public MotionStage(MotionSettings settings) {
        this(settings, java.util.List.of());
    }

    /** @param masks polygons where motion is ignored */
    public MotionStage(MotionSettings settings, java.util.List<io.evex.runtime.analysis.rules.Mask> masks) {
        this.settings = settings;
        this.detector = new MotionDetector(settings, masks);
    }

    /**
     * The moving regions of the frame analysed last, as objects of class {@code motion}: what the
     * tracker follows when no model is configured (stages run in order on one thread, so a stage
     * after this one sees the regions of its own frame).
     */
    public List<Detection> objects(AnalysisFrame frame) {
        float[] b = latest;
        List<Detection> objects = new ArrayList<>(b.length / 4);
        for (int i = 0; i + 3 < b.length; i += 4) {
            objects.add(new Detection(b[i], b[i + 1], b[i + 2], b[i + 3], "motion", 0.9));
        }
        return objects;
    }

    @Override
    public void frame(StageContext context, AnalysisFrame frame) {
        MotionDetector.Motion motion = detector.analyse(frame.grey(settings.width()));
        latest = motion.boxes();
        context.overlay(motion.boxes());
        long pts = frame.ptsMicros();
        boolean cooled = lastEventMicros == Long.MIN_VALUE
                || pts < lastEventMicros
                || pts - lastEventMicros >= settings.cooldownMs() * 1000;
        if (motion.regions() > 0 && cooled) {
            lastEventMicros = pts;
            context.emit(MotionEvent.fill(
                    context.event(MotionEvent.TYPE, MotionEvent.VERSION, frame), motion.ratio(), motion.boxes()));
        }
        context.next(frame);
    }
}
