package io.evex.runtime.analysis.crop;

import io.evex.runtime.analysis.FrameStamp;

/**
 * A finished {@link CropJob}: the JPEG and its size, and the object's dominant colour, or — when
 * the frame could not be had any more — no picture ({@code jpeg} null), so that whoever waits for
 * the job knows it is over.
 */
public record Cut(CropJob job, FrameStamp frame, byte[] jpeg, int width, int height, Colour colour) {

    public boolean ok() {
        return jpeg != null;
    }
}
