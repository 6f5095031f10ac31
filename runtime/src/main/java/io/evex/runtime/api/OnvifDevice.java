package io.evex.runtime.api;

import io.evex.api.Exporter;
import io.evex.api.auth.LoginSource;
import io.evex.api.auth.Logins;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.onvif.OnvifHost;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoFrame;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The runtime as ONVIF's services see it: the channels, the RTSP server's URLs and users, snapshots. */
final class OnvifDevice implements OnvifHost {

    private final ApiHost evex;
    private final LiveFrames live;
    private final PictureCache pictures;
    private final Function<String, Map<String, String>> viewUrls;

    OnvifDevice(ApiHost evex, LiveFrames live, PictureCache pictures, Function<String, Map<String, String>> viewUrls) {
        this.evex = evex;
        this.live = live;
        this.pictures = pictures;
        this.viewUrls = viewUrls;
    }

    @Override
    public List<VideoChannel> channels() {
        List<VideoChannel> out = new ArrayList<>();
        for (Channel c : evex.channels()) {
            StreamInfo info = c.info();
            out.add(
                    info == null
                            ? new VideoChannel(c.name(), "h264", 0, 0, 0)
                            : new VideoChannel(
                                    c.name(),
                                    "hevc".equals(info.codec()) ? "hevc" : "h264",
                                    info.width(),
                                    info.height(),
                                    info.fps()));
        }
        return out;
    }

    @Override
    public Optional<URI> streamUri(String channel) {
        String url = viewUrls.apply(channel).get("rtsp");
        return url == null ? Optional.empty() : Optional.of(URI.create(url));
    }

    @Override
    public List<Logins> logins() {
        List<Logins> out = new ArrayList<>();
        if (evex.bus() == null) {
            return out;
        }
        for (ExporterStats s : evex.bus().stats()) {
            Exporter e = evex.bus().exporter(s.name());
            if (e instanceof LoginSource source) {
                out.add(source.logins());
            }
        }
        return out;
    }

    @Override
    public byte[] snapshot(String channel) {
        VideoFrame frame;
        try {
            frame = live.live(live.channel(channel));
        } catch (ApiException notLive) {
            return null;
        }
        try {
            return pictures.picture(frame, PictureForm.of(null, null, null, false))
                    .bytes();
        } catch (io.evex.runtime.video.VideoException e) {
            return null;
        } finally {
            frame.release();
        }
    }
}
