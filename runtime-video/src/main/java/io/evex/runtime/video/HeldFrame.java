package io.evex.runtime.video;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.GreyImage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A decoded frame kept past its turn ({@link AnalysisFrame#hold()}): one more reference to the
 * shared frame, given up once by {@link #release()}. Scaled forms are made on request (rare: whoever
 * holds a frame mostly wants its full pixels).
 */
final class HeldFrame implements VideoPixels {

    private final VideoFrame frame;
    private final AtomicBoolean released = new AtomicBoolean();

    /** @param frame retained for this holder */
    HeldFrame(VideoFrame frame) {
        this.frame = frame;
    }

    @Override
    public VideoFrame video() {
        return frame;
    }

    @Override
    public GreyImage grey(int width) {
        try (FrameScaler scaler = FrameScaler.grey(width)) {
            byte[] pixels = scaler.scale(frame.frame()).clone();
            return new GreyImage(pixels, scaler.width(), scaler.height());
        }
    }

    @Override
    public BgrImage bgr(int width, int height) {
        try (FrameScaler scaler = FrameScaler.bgr(width, height)) {
            return new BgrImage(scaler.scale(frame.frame()).clone(), width, height);
        }
    }

    @Override
    public AnalysisFrame hold() {
        return new HeldFrame(frame.retain());
    }

    @Override
    public void release() {
        if (released.compareAndSet(false, true)) {
            frame.release();
        }
    }
}
