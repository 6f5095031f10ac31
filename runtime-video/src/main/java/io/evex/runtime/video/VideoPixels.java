package io.evex.runtime.video;

import io.evex.runtime.analysis.AnalysisFrame;

/**
 * An analysis frame whose pixels are a decoded {@link VideoFrame}: what media code cuts and encodes
 * from. Where the frame comes from and when is the decoded frame's.
 */
public interface VideoPixels extends AnalysisFrame {

    /** The decoded frame; valid while the analysis frame is (retain it to keep it longer). */
    VideoFrame video();

    @Override
    default String channel() {
        return video().channel();
    }

    @Override
    default long frameId() {
        return video().frameId();
    }

    @Override
    default long ptsMicros() {
        return video().ptsMicros();
    }

    @Override
    default long epochMillis() {
        return video().epochMillis();
    }

    @Override
    default int width() {
        return video().width();
    }

    @Override
    default int height() {
        return video().height();
    }
}
