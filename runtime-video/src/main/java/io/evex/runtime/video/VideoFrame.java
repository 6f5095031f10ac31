package io.evex.runtime.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One decoded frame shared by everything that uses it (frame cache, motion detector, encoders).
 * The pixels are never copied to hand the frame on: each holder {@link #retain()}s it and
 * {@link #release()}s it when done, and the last release frees the FFmpeg frame.
 */
public final class VideoFrame {

    private final AVFrame frame;
    private final String channel;
    private final long frameId;
    private final long ptsMicros;
    private final long epochMillis;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile float[] regions = NO_REGIONS;
    private volatile float[] scene = NO_REGIONS;
    private volatile String[] labels = new String[0];

    /** No detections. */
    public static final float[] NO_REGIONS = new float[0];

    /** Wraps an owned FFmpeg frame; the caller holds the first reference. */
    public VideoFrame(AVFrame frame, String channel, long frameId, long ptsMicros, long epochMillis) {
        this.frame = frame;
        this.channel = channel;
        this.frameId = frameId;
        this.ptsMicros = ptsMicros;
        this.epochMillis = epochMillis;
    }

    /** The FFmpeg frame; valid only while a reference is held. Never write into it. */
    public AVFrame frame() {
        return frame;
    }

    public String channel() {
        return channel;
    }

    /** The frame's number in its channel, from 1. */
    public long frameId() {
        return frameId;
    }

    /** Presentation time in microseconds since the channel started. */
    public long ptsMicros() {
        return ptsMicros;
    }

    /** Wall-clock time of decoding. */
    public long epochMillis() {
        return epochMillis;
    }

    public int width() {
        return frame.width();
    }

    public int height() {
        return frame.height();
    }

    /** Size of the pixel data in bytes (for cache limits). */
    public long bytes() {
        long total = 0;
        for (int i = 0; i < 4 && frame.buf(i) != null; i++) {
            total += frame.buf(i).size();
        }
        return total;
    }

    /** The detections current at this frame, as {@code l,t,w,h} quadruples normalised to 0..1. */
    public float[] regions() {
        return regions;
    }

    public void regions(float[] boxes) {
        this.regions = boxes;
    }

    /** A label per region (class and id), null where there is none. */
    public String[] labels() {
        return labels;
    }

    public void labels(String[] names) {
        this.labels = names;
    }

    /** The channel's zones and lines, as {@code x0,y0,x1,y1} segments normalised to 0..1 (drawn on annotated outputs). */
    public float[] scene() {
        return scene;
    }

    public void scene(float[] segments) {
        this.scene = segments;
    }

    /** Adds a holder. */
    public VideoFrame retain() {
        if (references.getAndIncrement() <= 0) {
            references.decrementAndGet();
            throw new IllegalStateException("frame " + frameId + " of " + channel + " was already freed");
        }
        return this;
    }

    /** Drops a holder; the last one frees the pixels. */
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            av_frame_free(frame);
        } else if (left < 0) {
            throw new IllegalStateException("frame " + frameId + " of " + channel + " released once too often");
        }
    }
}
