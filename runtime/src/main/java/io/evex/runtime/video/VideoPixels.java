package io.evex.runtime.video;

/** An analysis frame whose pixels are a decoded {@link VideoFrame}: what media code cuts and encodes from. */
public interface VideoPixels {

    /** The decoded frame; valid while the analysis frame is (retain it to keep it longer). */
    VideoFrame video();
}
