package io.evex.api.media;

/**
 * The H.264 rendition a {@link VideoExporter} wants. Exporters asking for equal requests share one
 * encoder. A request that keeps the source's size and rate, is not annotated and meets an H.264
 * source is served by the camera's own packets (pass-through).
 *
 * @param width output width in pixels, 0 = as the source (height then scales to keep the aspect)
 * @param height output height in pixels, 0 = as the source or scaled from {@code width}
 * @param fps output frame rate, 0 = as the source (frames are dropped, never duplicated)
 * @param annotated draw the channel's current detections (motion regions) on the frames
 * @param keyframeSeconds maximum time between key frames; segmenters cut only there
 * @param bitrateKbps target bitrate, 0 = chosen from size and rate
 */
public record VideoRequest(
        int width, int height, double fps, boolean annotated, double keyframeSeconds, int bitrateKbps) {

    public VideoRequest {
        if (width < 0 || height < 0 || fps < 0 || keyframeSeconds <= 0 || bitrateKbps < 0) {
            throw new IllegalArgumentException("invalid video request " + width + "x" + height + "@" + fps
                    + " keyframes every " + keyframeSeconds + " s, " + bitrateKbps + " kbit/s");
        }
    }

    /** The source's size and rate, key frames every second: pass-through where possible. */
    public static VideoRequest source() {
        return new VideoRequest(0, 0, 0, false, 1, 0);
    }

    /** Whether this request keeps the source's size and frame rate. */
    public boolean keepsSource() {
        return width == 0 && height == 0 && fps == 0;
    }
}
