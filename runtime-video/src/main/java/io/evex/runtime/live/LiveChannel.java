package io.evex.runtime.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.media.AccessUnits;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One channel's live stream: its fMP4 init segment, the fragments since the last key frame (what a
 * viewer who joins now gets first, so it is live within one group of pictures) and its viewers. Each
 * frame is packaged once and the same bytes go to every viewer.
 */
final class LiveChannel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** At most this much of a group is kept for joiners; a longer one waits for the next key frame. */
    private static final int CACHE_FRAMES = 600;

    private static final long CACHE_BYTES = 32L << 20;

    private final String name;
    private final int number;
    /** Copied on change (joins are rare), so a viewer leaving from inside a send cannot break the loop. */
    private final List<ViewerLink> viewers = new CopyOnWriteArrayList<>();

    private final List<ByteBuffer> group = new ArrayList<>();
    private long groupBytes;
    private VideoTrack track;
    private CodecConfig config;
    private ByteBuffer init;
    private String header;
    private int sequence;
    private long lastDts = Long.MIN_VALUE;
    private long lead = Long.MIN_VALUE;
    private int lastDuration;
    private long fragments;
    private long bytes;
    private long retiredSkips;
    private long unframed;

    LiveChannel(String name, int number) {
        this.name = name;
        this.number = number;
    }

    synchronized void open(VideoTrack track) {
        this.track = track;
        this.config = CodecConfig.of(track.codec(), track.extradata());
        this.sequence = 0;
        this.lastDts = Long.MIN_VALUE;
        this.lead = Long.MIN_VALUE;
        this.lastDuration = (int) Math.round(Fmp4.TIMESCALE / (track.fps() > 0 ? track.fps() : 25));
        group.clear();
        groupBytes = 0;
        if (config != null) {
            announce();
        } // else the first key frame's in-band parameter sets tell
    }

    synchronized void write(VideoPacket packet) {
        if (track == null) {
            return;
        }
        boolean hevc = track.codec().equals("hevc");
        List<ByteBuffer> units = track.annexB() || config == null
                ? AccessUnits.annexB(packet.data().duplicate())
                : AccessUnits.lengthPrefixed(packet.data().duplicate(), config.lengthSize());
        if (units.isEmpty()) {
            unframed++;
            return;
        }
        if (packet.keyframe()) {
            CodecConfig inBand = CodecConfig.fromUnits(hevc, units);
            if (inBand != null && (config == null || !config.sameAs(inBand))) {
                config = inBand; // a camera that changed its stream (or never sent extradata)
                announce();
            }
            group.clear();
            groupBytes = 0;
        }
        if (config == null) {
            return; // nothing a browser could decode yet
        }
        long dts90 = packet.dtsMicros() * 9 / 100;
        if (lead == Long.MIN_VALUE) {
            lead = Math.max(0, -dts90);
        }
        // Decoding times start at 0 or later (B-frames make a file's first ones negative); the
        // composition offsets make up for it, so frames are presented at exactly their pts.
        long dts = dts90 + lead;
        if (lastDts != Long.MIN_VALUE && dts > lastDts) {
            lastDuration = (int) Math.min(Integer.MAX_VALUE, dts - lastDts);
        }
        lastDts = dts;
        int offset = (int) (packet.ptsMicros() * 9 / 100 - dts);
        if (dts < 0) {
            return; // earlier than the channel's first packet: never on a timeline that starts there
        }
        ByteBuffer f = Fmp4.fragment(hevc, units, ++sequence, dts, lastDuration, offset, packet.keyframe());
        f.putShort(0, (short) number);
        f = f.asReadOnlyBuffer();
        fragments++;
        bytes += f.remaining() - Fmp4.PREFIX;
        if (group.size() < CACHE_FRAMES && groupBytes < CACHE_BYTES) {
            group.add(f);
            groupBytes += f.remaining();
        }
        for (ViewerLink v : viewers) {
            v.fragment(f, packet.keyframe());
        }
    }

    /** The channel's video ended (stopped, or reopening with another format): viewers wait for the next. */
    synchronized void close() {
        track = null;
        config = null;
        init = null;
        header = null;
        group.clear();
        groupBytes = 0;
        viewers.forEach(v -> v.text(offline()));
    }

    /** A new viewer: the stream's description, its init segment and the group so far, then every frame. */
    synchronized ViewerLink join(LiveViewer viewer, boolean multiplexed) {
        ViewerLink link = new ViewerLink(viewer, multiplexed);
        viewers.add(link);
        if (header == null) {
            link.text(offline());
            return link;
        }
        link.allowBurst(group.size());
        link.text(header);
        link.init(init);
        for (ByteBuffer f : group) {
            link.fragment(f, false);
        }
        return link;
    }

    synchronized void leave(ViewerLink link) {
        if (viewers.remove(link)) {
            retiredSkips += link.skips();
        }
    }

    synchronized boolean watched() {
        return !viewers.isEmpty();
    }

    synchronized Map<String, Object> stats() {
        long skips = retiredSkips;
        for (ViewerLink v : viewers) {
            skips += v.skips();
        }
        return Map.of(
                "viewers", viewers.size(),
                "fragments", fragments,
                "bytes", bytes,
                "skips", skips,
                "codec", config == null ? "" : config.codec(),
                "unframed_packets", unframed);
    }

    private void announce() {
        byte[] body = Fmp4.init(config, track.width(), track.height());
        ByteBuffer b = ByteBuffer.allocate(Fmp4.PREFIX + body.length);
        b.putShort((short) number).put(body).flip();
        init = b.asReadOnlyBuffer();
        ObjectNode h = JSON.createObjectNode()
                .put("type", "stream")
                .put("channel", name)
                .put("stream", number)
                .put("codec", config.codec())
                .put("mime", "video/mp4; codecs=\"" + config.codec() + "\"")
                .put("width", track.width())
                .put("height", track.height())
                .put("fps", track.fps());
        header = h.toString();
        for (ViewerLink v : viewers) {
            v.text(header);
            v.init(init);
        }
    }

    private String offline() {
        return JSON.createObjectNode()
                .put("type", "offline")
                .put("channel", name)
                .put("stream", number)
                .toString();
    }
}
