package io.evex.runtime.video;

import java.nio.ByteBuffer;

/**
 * What a channel's source turned out to be once opened.
 *
 * @param channel the channel's name
 * @param codec FFmpeg's codec name ({@code h264}, {@code hevc}, {@code mjpeg}, ...)
 * @param width width in pixels
 * @param height height in pixels
 * @param fps nominal frame rate
 * @param extradata the codec configuration (SPS/PPS for H.264), read-only
 * @param live frames come at the source's own pace (a camera, or a file played in real time):
 *     outputs that fall behind drop. When false (a file read as fast as it decodes) outputs make
 *     the channel wait instead, so a file is converted whole
 */
public record StreamInfo(
        String channel, String codec, int width, int height, double fps, ByteBuffer extradata, boolean live) {

    public boolean isH264() {
        return "h264".equals(codec);
    }

    /** H.264 configuration in Annex B form (start codes) rather than avcC (MP4's length-prefixed form). */
    public boolean annexB() {
        return extradata.remaining() == 0 || extradata.get(extradata.position()) != 1;
    }
}
