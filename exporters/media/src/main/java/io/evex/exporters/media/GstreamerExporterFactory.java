package io.evex.exporters.media;

import io.evex.api.Former;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code gstreamer} exporter kind: CVEDIA-RT's GStreamer output pipelines, run by gst-launch-1.0. */
@Extension
public final class GstreamerExporterFactory extends MediaExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
                    VideoSettings.with(
                            "1s",
                            Setting.text("pipeline", "Pipeline", "")
                                    .withHelp(
                                            "A GStreamer pipeline with 'appsrc name=cvedia-rt' as its source (a leading gstreamer:/// is "
                                                    + "allowed); the channel's video arrives there, decoded")
                                    .required(),
                            Setting.duration("timeout", "Stop time-out", "5s")
                                    .withRange(100, 120_000)
                                    .withHelp(
                                            "How long the pipeline may take to finish at the end of a stream before it is killed")))
            .formerly(VideoSettings.FORMERS)
            .formerly(Former.millis("timeout_ms", "timeout"));

    public GstreamerExporterFactory() {
        super(
                "gstreamer",
                "Feeds each channel to a GStreamer pipeline written as CVEDIA-RT writes them (appsrc name=cvedia-rt)",
                SETTINGS,
                GstreamerExporter::new);
    }
}
