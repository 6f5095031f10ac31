package io.evex.runtime.analysis;

/**
 * Where a frame came from and when, without its pixels: what events about a frame need after the
 * frame itself is gone (a detection finished on another thread reports on the frame it analysed).
 */
public record FrameStamp(String channel, long frameId, long ptsMicros, long epochMillis, int width, int height)
        implements AnalysisFrame {

    public static FrameStamp of(AnalysisFrame f) {
        return new FrameStamp(f.channel(), f.frameId(), f.ptsMicros(), f.epochMillis(), f.width(), f.height());
    }

    @Override
    public GreyImage grey(int width) {
        throw new UnsupportedOperationException("frame " + frameId + " is gone: a stamp has no pixels");
    }

    @Override
    public BgrImage bgr(int width, int height) {
        throw new UnsupportedOperationException("frame " + frameId + " is gone: a stamp has no pixels");
    }
}
