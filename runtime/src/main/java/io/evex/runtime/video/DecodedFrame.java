package io.evex.runtime.video;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.GreyImage;
import java.util.HashMap;
import java.util.Map;

/**
 * A channel's decoded frames as its analysis stages see them. One instance per channel, pointed
 * at each new frame in turn; each grey size a stage asks for is scaled by FFmpeg once per frame,
 * into an array reused from frame to frame.
 */
final class DecodedFrame implements AnalysisFrame, AutoCloseable {

    private final Map<Integer, GreyScaler> scalers = new HashMap<>();
    private final Map<Integer, GreyImage> scaled = new HashMap<>();
    private VideoFrame frame;

    /** Points at the next frame (valid while the caller holds it). */
    DecodedFrame at(VideoFrame next) {
        this.frame = next;
        scaled.clear();
        return this;
    }

    @Override
    public String channel() {
        return frame.channel();
    }

    @Override
    public long frameId() {
        return frame.frameId();
    }

    @Override
    public long ptsMicros() {
        return frame.ptsMicros();
    }

    @Override
    public long epochMillis() {
        return frame.epochMillis();
    }

    @Override
    public int width() {
        return frame.width();
    }

    @Override
    public int height() {
        return frame.height();
    }

    @Override
    public GreyImage grey(int width) {
        GreyImage image = scaled.get(width);
        if (image == null) {
            GreyScaler scaler = scalers.computeIfAbsent(width, GreyScaler::new);
            byte[] pixels = scaler.scale(frame.frame());
            image = new GreyImage(pixels, scaler.width(), scaler.height());
            scaled.put(width, image);
        }
        return image;
    }

    @Override
    public void close() {
        scalers.values().forEach(GreyScaler::close);
        scalers.clear();
    }
}
