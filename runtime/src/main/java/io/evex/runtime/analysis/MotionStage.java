package io.evex.runtime.analysis;

import io.evex.runtime.event.MotionEvent;

/**
 * Runs the {@link MotionDetector} on every frame it gets, draws the moving regions on annotated
 * outputs, and emits {@code event-motion} when something moves, at most once per cool-down on the
 * video's clock (so a file read faster than real time reports as a camera would). Passes frames on.
 */
public final class MotionStage implements FrameStage {

    private final MotionSettings settings;
    private final MotionDetector detector;
    private long lastEventMicros = Long.MIN_VALUE;

    public MotionStage(MotionSettings settings) {
        this.settings = settings;
        this.detector = new MotionDetector(settings);
    }

    @Override
    public void frame(StageContext context, AnalysisFrame frame) {
        MotionDetector.Motion motion = detector.analyse(frame.grey(settings.width()));
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
