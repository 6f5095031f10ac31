package io.evex.exporters.media.rtsp;

import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
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
                            .withHelp("Environment variable holding the users, so they need not sit in a file"),
                    Setting.checkbox("metadata", "ONVIF metadata track", true)
                            .withHelp(
                                    "Offer an ONVIF metadata track (vnd.onvif.metadata) beside the video: the tracked objects of every analysed frame and the zone, line and motion events"),
                    Setting.integer("max_connections", "Most connections", 64)
                            .withRange(1, 10_000)
                            .withHelp("Connections the server takes at once; one more is answered 503 and closed"),
                    Setting.integer("max_sessions_per_connection", "Most sessions per connection", 4)
                            .withRange(1, 64)
                            .withHelp("SETUPs one connection may hold; one more is answered 503"),
                    Setting.duration("idle_timeout", "Idle time-out", "60s")
                            .withRange(1_000, 3_600_000)
                            .withHelp("A connection with no session that sends nothing this long is closed"),
                    Setting.integer("failed_logins", "Failed logins", 10)
                            .withRange(1, 1_000_000)
                            .withHelp(
                                    "Wrong logins per client address within failed_login_window; then 503 with Retry-After"),
                    Setting.duration("failed_login_window", "Failed login window", "1m")
                            .withRange(1_000, 86_400_000)))
            .formerly(VideoSettings.FORMERS);

    /** The rule events its metadata track carries (the video comes as media, not as events). */
    @Override
    public Subscriptions subscriptions() {
        return Subscriptions.of("event-area-enter:2", "event-area-exit:2", "event-line-crossing:2", "event-motion:1");
    }

    public RtspExporterFactory() {
        super(
                "rtsp",
                "Serves each channel over RTSP for players, VMSs and other analytics boxes",
                SETTINGS,
                RtspExporter::new);
    }
}
