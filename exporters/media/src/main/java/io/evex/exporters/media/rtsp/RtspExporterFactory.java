package io.evex.exporters.media.rtsp;

import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.exporters.media.MediaExporterFactory;
import io.evex.exporters.media.VideoSettings;
import org.pf4j.Extension;

/** The {@code rtsp} exporter kind. */
@Extension
public final class RtspExporterFactory extends MediaExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(VideoSettings.with(
                    "1s",
                    Setting.integer("port", "Port", 8554)
                            .withRange(0, 65535)
                            .withHelp("TCP port of the RTSP server; exporters with the same port share one server"),
                    Setting.text("bind", "Address", "0.0.0.0").withHelp("Interface to listen on; 0.0.0.0 = all"),
                    Setting.text("topic", "Topic", "{obj.channel}")
                            .withHelp("Path of the stream: rtsp://host:port/<topic>; dynamic strings allowed"),
                    Setting.text("users", "Users", "")
                            .asSecret()
                            .withHelp(
                                    "name:password;name:password: clients log in (Digest or Basic); any API token that reaches the channel is a password too (Basic, any user name); none: no login at all (warned at every start). Never logged"),
                    Setting.text("users_env", "Users variable", "")
                            .withHelp("Environment variable holding the users, so they need not sit in a file")))
            .formerly(VideoSettings.FORMERS);

    public RtspExporterFactory() {
        super(
                "rtsp",
                "Serves each channel over RTSP for players, VMSs and other analytics boxes",
                SETTINGS,
                RtspExporter::new);
    }
}
