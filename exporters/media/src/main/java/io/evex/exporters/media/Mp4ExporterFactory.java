package io.evex.exporters.media;

import io.evex.api.Former;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import io.evex.exporters.media.recording.RetentionSettings;
import org.pf4j.Extension;

/** The {@code mp4} exporter kind. */
@Extension
public final class Mp4ExporterFactory extends MediaExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
                    VideoSettings.with(
                            "1s",
                            Setting.text("path", "Path", "out/{obj.channel}/video/{sys.time %Y%m%d-%H%M%S}.mp4")
                                    .withHelp(
                                            "File of each segment; dynamic strings such as {obj.channel} and {sys.time %H%M%S} make one name per segment"),
                            Setting.duration("segment", "Segment length", "60s")
                                    .withRange(0, 86_400_000)
                                    .withHelp(
                                            "Start a new file at the first key frame after this long; 0s = one file per channel run"),
                            Setting.checkbox("fragmented", "Fragmented MP4", true)
                                    .withHelp(
                                            "Write a fragment at every key frame so the file plays even if the runtime is killed; off = classic MP4 with the index at the front, written at the end")),
                    RetentionSettings.SETTINGS)
            .formerly(VideoSettings.FORMERS)
            .formerly(Former.seconds("segment_seconds", "segment"));

    /** Events mark the segments they fall in, so that retention keeps those longer. */
    @Override
    public Subscriptions subscriptions() {
        return Subscriptions.ALL_LATEST;
    }

    public Mp4ExporterFactory() {
        super(
                "mp4",
                "Records each channel's video as MP4 files (fragmented: playable even after a crash), cut every segment",
                SETTINGS,
                Mp4Exporter::new);
    }
}
