package io.evex.exporters.media;

import io.evex.api.Former;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code rtmp} exporter kind. */
@Extension
public final class RtmpExporterFactory extends MediaExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(VideoSettings.with(
                    "2s",
                    Setting.text("url", "URL", "rtmp://localhost/live/{obj.channel}")
                            .asSecret()
                            .withHelp("RTMP URL; dynamic strings allowed, e.g. rtmp://server/live/{obj.channel}"),
                    Setting.duration("timeout", "Time-out", "5s")
                            .withRange(100, 120_000)
                            .withHelp("Longest a connect or write may block before the push is retried")))
            .formerly(VideoSettings.FORMERS)
            .formerly(Former.millis("timeout_ms", "timeout"));

    public RtmpExporterFactory() {
        super(
                "rtmp",
                "Pushes each channel to an RTMP server (YouTube, nginx-rtmp, MediaMTX, ...)",
                SETTINGS,
                RtmpExporter::new);
    }
}
