package io.evex.exporters.media;

import io.evex.api.Former;
import io.evex.api.Setting;
import io.evex.api.Settings;
import io.evex.api.media.VideoRequest;
import java.util.ArrayList;
import java.util.List;

/** The settings every video exporter takes, and the {@link VideoRequest} they make. */
public final class VideoSettings {

    private VideoSettings() {}

    /** The former names of the common settings. */
    public static final Former[] FORMERS = {Former.seconds("keyframe_seconds", "keyframe_interval")};

    /** The common video settings followed by the exporter's own; {@code keyframeInterval} as {@code "2s"}. */
    public static List<Setting> with(String keyframeInterval, Setting... own) {
        List<Setting> all = new ArrayList<>(List.of(own));
        all.add(
                Setting.integer("width", "Width", 0)
                        .withRange(0, 7680)
                        .withHelp(
                                "Output width in pixels; 0 = as the camera (with height 0: the camera's own H.264 is passed through, no re-encode)"));
        all.add(Setting.integer("height", "Height", 0)
                .withRange(0, 4320)
                .withHelp("Output height in pixels; 0 = as the camera, or scaled from the width"));
        all.add(Setting.decimal("fps", "Frame rate", 0)
                .withRange(0, 120)
                .withHelp("Output frame rate; 0 = as the camera. Lower rates drop frames evenly"));
        all.add(Setting.checkbox("annotated", "Draw detections", false)
                .withHelp("Draw the channel's zones, lines and object boxes on the video (needs a re-encode)"));
        all.add(
                Setting.duration("keyframe_interval", "Key frame interval", keyframeInterval)
                        .withRange(100, 60_000)
                        .withHelp(
                                "Longest time between key frames when re-encoding; segments and fragments start at key frames"));
        all.add(Setting.integer("bitrate_kbps", "Bitrate", 0)
                .withRange(0, 100_000)
                .withHelp("Target bitrate in kbit/s when re-encoding; 0 = chosen from size and rate"));
        return all;
    }

    public static VideoRequest request(Settings s) {
        return new VideoRequest(
                s.getInt("width"),
                s.getInt("height"),
                s.getDouble("fps"),
                s.getBoolean("annotated"),
                s.getDuration("keyframe_interval").toMillis() / 1000.0,
                s.getInt("bitrate_kbps"));
    }
}
