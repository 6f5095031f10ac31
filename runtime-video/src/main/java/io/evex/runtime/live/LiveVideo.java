package io.evex.runtime.live;

import io.evex.api.media.VideoExporter;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import io.evex.runtime.media.OnDemand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Live video for browsers: every channel's packets as fragmented MP4 to any number of viewers. The
 * camera's own H.264/H.265 packets (no encode), or with {@link #annotated()} one annotated encode per
 * channel, made only while someone watches it. The runtime feeds it as it feeds a media exporter;
 * the HTTP API joins viewers to it.
 */
public final class LiveVideo implements VideoExporter, OnDemand {

    private final VideoRequest request;
    private final Map<String, LiveChannel> channels = new LinkedHashMap<>();

    private LiveVideo(VideoRequest request) {
        this.request = request;
    }

    /** The cameras' own streams. */
    public static LiveVideo source() {
        return new LiveVideo(VideoRequest.source());
    }

    /** The channels' frames with their detections, zones and lines drawn, key frames every second. */
    public static LiveVideo annotated() {
        return new LiveVideo(new VideoRequest(0, 0, 0, true, 1, 0));
    }

    @Override
    public VideoRequest videoRequest() {
        return request;
    }

    @Override
    public Set<String> passThroughCodecs() {
        return Set.of("h264", "hevc");
    }

    @Override
    public void open(VideoTrack track) {
        channel(track.channel()).open(track);
    }

    @Override
    public void write(VideoPacket packet) {
        channel(packet.channel()).write(packet);
    }

    @Override
    public void close(String channel) {
        channel(channel).close();
    }

    /**
     * Adds a viewer of {@code channel}; it gets the stream when the channel has one, else an
     * {@code offline} message and the stream once it starts. {@code multiplexed}: every binary
     * message starts with the channel's two-byte stream number.
     */
    public Viewing watch(String channel, LiveViewer viewer, boolean multiplexed) {
        LiveChannel c = channel(channel);
        ViewerLink link = c.join(viewer, multiplexed);
        return () -> c.leave(link);
    }

    @Override
    public boolean watched(String channel) {
        LiveChannel c;
        synchronized (channels) {
            c = channels.get(channel);
        }
        return c != null && c.watched();
    }

    /** Per channel: viewers, fragments and bytes sent, skips of slow viewers. */
    public Map<String, Map<String, Object>> stats() {
        Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
        synchronized (channels) {
            channels.forEach((name, c) -> stats.put(name, c.stats()));
        }
        return stats;
    }

    private LiveChannel channel(String name) {
        synchronized (channels) {
            return channels.computeIfAbsent(name, n -> new LiveChannel(n, channels.size() + 1));
        }
    }

    /** A viewer's place: closing it removes the viewer. */
    public interface Viewing extends AutoCloseable {
        @Override
        void close();
    }
}
