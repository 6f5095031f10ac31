package io.evex.runtime.media;

import io.evex.api.media.ImageRequest;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import io.evex.runtime.video.ChannelListener;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's media: when the source opens, outlets asking for the same thing are grouped
 * into one rendition each; those asking for the source as it is get the camera's own packets
 * (copied once, shared) when the camera sends H.264, or another codec they take as it is (H.265). Rebuilt on every reopen, since a
 * camera may come back with another resolution or codec.
 */
final class ChannelMedia implements ChannelListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelMedia.class);

    private final String channel;
    private final Map<String, String> recording;
    private final List<VideoOutlet> videoOutlets;
    private final List<ImageOutlet> imageOutlets;
    private final List<VideoOutlet> passThrough = new ArrayList<>();
    private final List<Rendition> renditions = new ArrayList<>();
    private volatile boolean live = true;
    private volatile List<Rendition> active = List.of();
    private long retiredDrops;

    ChannelMedia(
            String channel,
            Map<String, String> recording,
            List<VideoOutlet> videoOutlets,
            List<ImageOutlet> imageOutlets) {
        this.channel = channel;
        this.recording = recording;
        this.videoOutlets = videoOutlets;
        this.imageOutlets = imageOutlets;
    }

    String channel() {
        return channel;
    }

    @Override
    public synchronized void opened(StreamInfo info) {
        closed();
        live = info.live();
        Map<VideoRequest, List<VideoOutlet>> byRequest = new LinkedHashMap<>();
        for (VideoOutlet o : videoOutlets) {
            VideoRequest r = o.request();
            if (r.keepsSource() && !r.annotated() && (info.isH264() || o.passesThrough(info.codec()))) {
                passThrough.add(o);
            } else {
                byRequest.computeIfAbsent(r, k -> new ArrayList<>()).add(o);
            }
        }
        Map<ImageRequest, List<ImageOutlet>> byImage = new LinkedHashMap<>();
        for (ImageOutlet o : imageOutlets) {
            byImage.computeIfAbsent(o.request(), k -> new ArrayList<>()).add(o);
        }
        if (!passThrough.isEmpty()) {
            VideoTrack track = new VideoTrack(
                    channel,
                    info.codec(),
                    info.width(),
                    info.height(),
                    info.fps(),
                    info.extradata(),
                    info.annexB(),
                    true,
                    recording);
            passThrough.forEach(o -> o.open(track));
        }
        byRequest.forEach((r, outlets) -> renditions.add(new VideoRendition(info, r, outlets, recording).start()));
        byImage.forEach((r, outlets) -> renditions.add(new ImageRendition(info, r, outlets).start()));
        active = List.copyOf(renditions);
        LOG.info(
                "channel '{}': {} pass-through output(s), {} encode(s){}",
                channel,
                passThrough.size(),
                renditions.size(),
                renditions.isEmpty()
                        ? ""
                        : " "
                                + renditions.stream()
                                        .map(r -> r.idle() ? r.label() + " (while watched)" : r.label())
                                        .toList());
    }

    /** Each outlet whose exporter carries objects beside the video gets them (the others never see them). */
    @Override
    public void objects(io.evex.api.media.FrameObjects objects) {
        for (VideoOutlet o : videoOutlets) {
            o.objects(objects);
        }
    }

    @Override
    public boolean wantsPackets() {
        return !passThrough.isEmpty();
    }

    @Override
    public void packet(AVPacket packet, long ptsMicros, long dtsMicros) {
        VideoPacket shared = new VideoPacket(
                channel,
                Packets.copy(packet),
                ptsMicros,
                dtsMicros,
                (packet.flags() & org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY) != 0);
        for (VideoOutlet o : passThrough) {
            o.packet(shared, !live);
        }
    }

    @Override
    public boolean wantsFrames() {
        return !active.isEmpty();
    }

    @Override
    public void frame(VideoFrame frame) {
        for (Rendition r : active) {
            r.offer(frame);
        }
    }

    @Override
    public synchronized void closed() {
        active = List.of();
        for (Rendition r : renditions) {
            r.close();
            retiredDrops += r.dropped();
        }
        renditions.clear();
        passThrough.forEach(o -> o.close(channel));
        passThrough.clear();
    }

    @Override
    public Map<String, Integer> queueSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Rendition r : active) {
            if (!r.idle()) { // an on-demand encode nobody watches is not running
                sizes.put("encode_" + r.label(), r.depth());
            }
        }
        return sizes;
    }

    @Override
    public long dropped() {
        long total = retiredDrops;
        for (Rendition r : active) {
            total += r.dropped();
        }
        return total;
    }
}
