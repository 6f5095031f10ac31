package io.evex.exporters.media;

import io.evex.api.Setting;
import io.evex.api.Settings;
import io.evex.api.media.VideoRequest;
import java.util.ArrayList;
import java.util.List;

/** The settings every video exporter takes, and the {@link VideoRequest} they make. */
public final class VideoSettings {

    private VideoSettings() {}

    /** The common video settings followed by the exporter's own. */
    public static List<Setting> with(double keyframeSeconds, Setting... own) {
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
                .withHelp("Draw the channel's motion regions on the video (needs a re-encode)"));
        all.add(
                Setting.decimal("keyframe_seconds", "Key frame interval", keyframeSeconds)
                        .withRange(0.1, 60)
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
                s.getDouble("keyframe_seconds"),
                s.getInt("bitrate_kbps"));
    }
}
