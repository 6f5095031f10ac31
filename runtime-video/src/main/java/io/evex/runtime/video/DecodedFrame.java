package io.evex.runtime.video;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.GreyImage;
import java.util.HashMap;
import java.util.Map;

/**
 * A channel's decoded frames as its analysis stages see them. One instance per channel, pointed
 * at each new frame in turn; each grey size a stage asks for is scaled by FFmpeg once per frame,
 * into an array reused from frame to frame.
 */
public final class DecodedFrame implements VideoPixels, AutoCloseable {

    private final Map<Integer, FrameScaler> scalers = new HashMap<>();
    private final Map<Integer, GreyImage> scaled = new HashMap<>();
    private VideoFrame frame;
    private FrameScaler colour;

    /** Points at the next frame (valid while the caller holds it). */
    public DecodedFrame at(VideoFrame next) {
        this.frame = next;
        scaled.clear();
        return this;
    }

    @Override
    public VideoFrame video() {
        return frame;
    }

    /** The current frame, kept by a reference of its own (this object moves on to the next frame). */
    @Override
    public AnalysisFrame hold() {
        return new HeldFrame(frame.retain());
    }

    @Override
    public GreyImage grey(int width) {
        GreyImage image = scaled.get(width);
        if (image == null) {
            FrameScaler scaler = scalers.computeIfAbsent(width, FrameScaler::grey);
            byte[] pixels = scaler.scale(frame.frame());
            image = new GreyImage(pixels, scaler.width(), scaler.height());
            scaled.put(width, image);
        }
        return image;
    }

    @Override
    public BgrImage bgr(int width, int height) {
        if (colour == null || colour.width() != width || colour.height() != height) {
            if (colour != null) {
                colour.close();
            }
            colour = FrameScaler.bgr(width, height);
        }
        return new BgrImage(colour.scale(frame.frame()).clone(), width, height);
    }

    @Override
    public void close() {
        if (colour != null) {
            colour.close();
            colour = null;
        }
        scalers.values().forEach(FrameScaler::close);
        scalers.clear();
    }
}
