package io.evex.exporters.media;

import io.evex.api.Former;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code hls} exporter kind. */
@Extension
public final class HlsExporterFactory extends MediaExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(VideoSettings.with(
                    "1s",
                    Setting.text("dir", "Folder", "out/hls")
                            .withHelp("Root folder; each channel gets <dir>/<channel>/index.m3u8 and its segments"),
                    Setting.text("url_path", "URL path", "hls")
                            .withHelp("Served at http://<host>:<port>/<url_path>/<channel>/index.m3u8"),
                    Setting.duration("segment", "Segment length", "2s")
                            .withRange(500, 60_000)
                            .withHelp("Target segment duration; segments are cut at key frames"),
                    Setting.integer("playlist_size", "Playlist size", 5)
                            .withRange(1, 1000)
                            .withHelp("Segments listed in the live playlist"),
                    Setting.checkbox("delete_segments", "Delete old segments", true)
                            .withHelp("Delete segments that left the playlist")))
            .formerly(VideoSettings.FORMERS)
            .formerly(Former.seconds("segment_seconds", "segment"));

    public HlsExporterFactory() {
        super(
                "hls",
                "Serves each channel as HLS (MPEG-TS segments) over the runtime's HTTP server",
                SETTINGS,
                HlsExporter::new);
    }
}
