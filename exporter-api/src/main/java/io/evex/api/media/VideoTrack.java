package io.evex.api.media;

import java.nio.ByteBuffer;

/**
 * What a muxer needs to know before the first packet of a channel's video.
 *
 * @param channel the channel's name
 * @param codec FFmpeg's codec name: {@code "h264"}, or for pass-through another codec the exporter
 *     accepts ({@link VideoExporter#passThroughCodecs()}), e.g. {@code "hevc"}
 * @param width width in pixels
 * @param height height in pixels
 * @param fps nominal frame rate
 * @param extradata codec configuration (SPS/PPS, and VPS for H.265), Annex B or avcC/hvcC as
 *     {@code annexB} tells; read-only
 * @param annexB packets and extradata use start codes (Annex B) rather than length prefixes (avcC/hvcC)
 * @param passThrough the packets are the camera's own, not re-encoded
 */
public record VideoTrack(
        String channel,
        String codec,
        int width,
        int height,
        double fps,
        ByteBuffer extradata,
        boolean annexB,
        boolean passThrough) {}
