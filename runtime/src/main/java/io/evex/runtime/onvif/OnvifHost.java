package io.evex.runtime.onvif;

import io.evex.api.auth.Logins;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What the ONVIF services need of the runtime, read at every request (channels come and go). */
public interface OnvifHost {

    /** The channels served now, in their configuration's order. */
    List<VideoChannel> channels();

    /** The URL the {@code rtsp} exporter serves {@code channel} at, if one does. */
    Optional<URI> streamUri(String channel);

    /** The logins of the exporters that have users of their own (the RTSP server's). */
    List<Logins> logins();

    /** The channel's latest picture as JPEG, or null when it has none now. */
    byte[] snapshot(String channel);

    /**
     * A channel as a profile shows it.
     *
     * @param codec FFmpeg's name of what the RTSP server sends ({@code h264}, {@code hevc})
     * @param width 0 while the channel has not opened its source
     */
    record VideoChannel(String name, String codec, int width, int height, double fps) {}
}
