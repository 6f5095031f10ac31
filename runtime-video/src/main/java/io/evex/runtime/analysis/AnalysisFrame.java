package io.evex.runtime.analysis;

/**
 * A decoded frame as analysis stages see it: where it comes from and when, and its pixels in the
 * forms stages ask for. The frame source computes each form once, however many stages ask.
 */
public interface AnalysisFrame {

    /** The channel's name. */
    String channel();

    /** The frame's number in its channel, from 1. */
    long frameId();

    /** The presentation time on the source's clock, in microseconds. */
    long ptsMicros();

    /** When the frame was decoded, in epoch milliseconds. */
    long epochMillis();

    /** Width of the full frame in pixels. */
    int width();

    /** Height of the full frame in pixels. */
    int height();

    /** The frame shrunk to {@code width} pixels across (never enlarged), keeping its aspect, in grey. */
    GreyImage grey(int width);

    /** The frame scaled to exactly {@code width x height}, in colour (a detector's input). */
    BgrImage bgr(int width, int height);

    /**
     * This frame kept, pixels and all, after the stage returns — a worker's result refers to the
     * frame it analysed, frames later — until {@link #release()}: a reference, not a copy. A frame
     * that cannot be kept gives a {@link FrameStamp}, without pixels.
     */
    default AnalysisFrame hold() {
        return FrameStamp.of(this);
    }

    /** Gives up a frame from {@link #hold()}; does nothing for the others. */
    default void release() {}
}
