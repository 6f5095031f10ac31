package io.evex.runtime.analysis;

/** Lets at most {@code fps} frames a second, evenly spaced on the source's clock, reach the stages after it. */
public final class RateStage implements FrameStage {

    private final RateFilter filter;

    public RateStage(double fps) {
        this.filter = new RateFilter(fps);
    }

    @Override
    public void frame(StageContext context, AnalysisFrame frame) {
        if (filter.pass(frame.ptsMicros())) {
            context.next(frame);
        }
    }
}
