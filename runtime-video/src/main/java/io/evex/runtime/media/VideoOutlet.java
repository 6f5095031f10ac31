package io.evex.runtime.media;

import io.evex.api.media.VideoExporter;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link VideoExporter}'s outlet. Every channel starts at a key frame; after a drop (the
 * exporter fell behind) packets are skipped up to the next key frame, so the exporter never
 * receives a packet it cannot decode.
 */
final class VideoOutlet extends Outlet {

    /** Packets waiting before the outlet drops: ~4 s of 25 fps video. */
    static final int LIMIT = 100;

    private final VideoExporter exporter;
    private final VideoRequest request;
    private final Set<String> codecs;
    private final Map<String, Boolean> needsKeyframe = new ConcurrentHashMap<>();

    VideoOutlet(String name, VideoExporter exporter, VideoRequest request, ClassLoader loader) {
        super(name, loader, LIMIT);
        this.exporter = exporter;
        this.request = request;
        this.codecs = Set.copyOf(exporter.passThroughCodecs());
    }

    VideoRequest request() {
        return request;
    }

    /** Whether the exporter takes a camera's {@code codec} as it is. */
    boolean passesThrough(String codec) {
        return codecs.contains(codec);
    }

    /** Whether the exporter takes {@code channel}'s video now ({@link OnDemand} ones may not). */
    boolean wanted(String channel) {
        return !(exporter instanceof OnDemand d) || d.watched(channel);
    }

    void open(VideoTrack track) {
        needsKeyframe.put(track.channel(), true);
        control(() -> exporter.open(track));
    }

    /** Called from one thread per channel (its rendition or the channel itself); {@code wait}: never drop. */
    void packet(VideoPacket packet, boolean wait) {
        String channel = packet.channel();
        if (needsKeyframe.getOrDefault(channel, true)) {
            if (!packet.keyframe()) {
                countDropped();
                return;
            }
            needsKeyframe.put(channel, false);
        }
        if (!data(() -> exporter.write(packet), wait)) {
            needsKeyframe.put(channel, true);
        }
    }

    /** A frame's tracked objects, for an exporter that takes them; dropped (counted) when it is behind. */
    void objects(io.evex.api.media.FrameObjects objects) {
        if (exporter instanceof io.evex.api.media.ObjectsExporter taker) {
            data(() -> taker.objects(objects), false);
        }
    }

    void close(String channel) {
        if (needsKeyframe.remove(channel) != null) {
            control(() -> exporter.close(channel));
        }
    }
}
