package io.evex.exporters.media;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import org.pf4j.Extension;

/** The {@code rtmp} exporter kind. */
@Extension
public final class RtmpExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(VideoSettings.with(2,
            Setting.text("url", "URL", "rtmp://localhost/live/{obj.channel}")
                    .withHelp("RTMP URL; dynamic strings allowed, e.g. rtmp://server/live/{obj.channel}"),
            Setting.integer("timeout_ms", "Time-out", 5000).withRange(100, 120_000)
                    .withHelp("Longest a connect or write may block before the push is retried")));

    @Override
    public String name() {
        return "rtmp";
    }

    @Override
    public String description() {
        return "Pushes each channel to an RTMP server (YouTube, nginx-rtmp, MediaMTX, ...)";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    /** Media only: no events. */
    @Override
    public Subscriptions subscriptions() {
        return Subscriptions.NONE;
    }

    @Override
    public Exporter create() {
        return new RtmpExporter();
    }
}
