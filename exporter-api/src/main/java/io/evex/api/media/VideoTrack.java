package io.evex.api.media;

import java.nio.ByteBuffer;
import java.util.Map;

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
 * @param recording what the channel's configuration says of its recordings ({@code recordings:}),
 *     as setting keys of a recorder ({@code retain.continuous} → {@code 3d}); empty when it says
 *     nothing, and the recorder's own settings hold
 */
public record VideoTrack(
        String channel,
        String codec,
        int width,
        int height,
        double fps,
        ByteBuffer extradata,
        boolean annexB,
        boolean passThrough,
        Map<String, String> recording) {

    public VideoTrack {
        recording = recording == null ? Map.of() : Map.copyOf(recording);
    }

    /** A track whose channel says nothing of its recordings. */
    public VideoTrack(
            String channel,
            String codec,
            int width,
            int height,
            double fps,
            ByteBuffer extradata,
            boolean annexB,
            boolean passThrough) {
        this(channel, codec, width, height, fps, extradata, annexB, passThrough, Map.of());
    }
}
