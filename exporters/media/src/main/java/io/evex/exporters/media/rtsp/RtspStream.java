package io.evex.exporters.media.rtsp;

import io.evex.api.auth.Logins;
import io.evex.api.media.AccessUnits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One served topic: the codec configuration (for SDP), the frames since the last key frame (so a
 * client joining mid-stream starts decoding at once), one RTP packetization shared by every
 * client, and the stream's RTP clock. The clock never goes back: when the source reopens (a camera
 * reconnect, the no-signal picture, a file starting over) it is re-anchored on the wall clock.
 */
final class RtspStream {

    /** A GOP longer than this is not kept: joiners then wait for the next key frame. */
    private static final int GOP_MAX_FRAMES = 600;

    private static final long GOP_MAX_BYTES = 32L << 20;
    /** ONVIF's metadata track: its own payload type and SSRC, on the video's clock. */
    private static final int METADATA_TYPE = 107;

    private static final int CLOCK = SessionDescription.CLOCK;

    final String topic;
    final Logins auth;
    /** The channel whose video this is: a token must reach it. */
    final String channel;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final MetadataPacketizer metadataPackets = new MetadataPacketizer(
            METADATA_TYPE,
            ThreadLocalRandom.current().nextInt(),
            ThreadLocalRandom.current().nextInt(0x10000));
    /** Whether DESCRIBE offers the metadata track ({@code metadata: true}). */
    final boolean metadata;

    private long metadataIn;
    private final long sdpSession = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private int sdpVersion;

    private NalUnits.Config config;
    private RtpPacketizer packetizer;
    private int width;
    private int height;
    private double fps;

    private final List<RtpFrame> gop = new ArrayList<>();
    private long gopBytes;
    private boolean gopComplete;
    private final List<RtspSession> sessions = new CopyOnWriteArrayList<>();

    private long offset;
    private long lastTs = Long.MIN_VALUE;
    private long lastWallNanos;
    private boolean reanchor = true;

    private long framesIn;
    private long retiredDropped;
    private long retiredOctets;

    RtspStream(String topic, String channel, Logins auth, boolean metadata) {
        this.topic = topic;
        this.channel = channel;
        this.auth = auth;
        this.metadata = metadata;
    }

    /** The source (re)opens with this codec configuration; the next frame re-anchors the clock. */
    synchronized void open(NalUnits.Config config, int width, int height, double fps) {
        int seq = packetizer == null ? ThreadLocalRandom.current().nextInt(0x10000) : packetizer.nextSeq();
        this.config = config;
        this.packetizer =
                new RtpPacketizer(config.codec(), SessionDescription.VIDEO_TYPE, ssrc, seq, RtpPacketizer.MAX_PAYLOAD);
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.reanchor = true;
        this.sdpVersion++;
        clearGop();
    }

    synchronized boolean ready() {
        return config != null && config.complete();
    }

    synchronized int width() {
        return width;
    }

    synchronized int height() {
        return height;
    }

    synchronized double fps() {
        return fps;
    }

    synchronized NalUnits.Config config() {
        return config;
    }

    /** A live packet of the source, in decoding order. */
    void publish(ByteBuffer packet, long ptsMicros, boolean keyframe) {
        NalUnits.Config c;
        synchronized (this) {
            c = config;
        }
        if (c == null) {
            return;
        }
        List<ByteBuffer> nals = AccessUnits.split(packet, c.lengthSize());
        synchronized (this) {
            if (config != c) {
                return; // reopened meanwhile: this packet belongs to the old configuration
            }
            send(keyframe ? withParameterSets(nals) : nals, liveTimestamp(ptsMicros), keyframe);
        }
    }

    /** A frame not from the source (the no-signal picture), stamped by the wall clock. */
    synchronized void publishSlate(List<ByteBuffer> nals, boolean keyframe) {
        if (packetizer == null) {
            return;
        }
        long now = System.nanoTime();
        long ts = lastTs == Long.MIN_VALUE
                ? ThreadLocalRandom.current().nextInt() & 0x7fffffffL
                : lastTs + Math.max(1, (now - lastWallNanos) * 9 / 100_000);
        lastTs = ts;
        lastWallNanos = now;
        reanchor = true; // the source's own time stamps start again from here
        send(nals, ts, keyframe); // the picture carries its own parameter sets; the source's stay as they are
    }

    private long liveTimestamp(long ptsMicros) {
        long pts90 = ptsMicros * 9 / 100;
        long now = System.nanoTime();
        long ts = pts90 + offset;
        if (reanchor || lastTs == Long.MIN_VALUE || ts < lastTs - CLOCK || ts > lastTs + 10L * CLOCK) {
            long base = lastTs == Long.MIN_VALUE
                    ? ThreadLocalRandom.current().nextInt() & 0x7fffffffL
                    : lastTs + Math.max(1, (now - lastWallNanos) * 9 / 100_000);
            offset = base - pts90;
            ts = base;
            reanchor = false;
        }
        if (ts > lastTs) {
            lastTs = ts;
            lastWallNanos = now;
        }
        return ts;
    }

    private void send(List<ByteBuffer> nals, long ts, boolean keyframe) {
        RtpFrame frame = packetizer.packetize(nals, (int) ts, keyframe, alloc);
        framesIn++;
        keep(frame);
        for (RtspSession s : sessions) {
            s.offer(frame);
        }
        frame.release();
    }

    /**
     * A metadata document about the frame at {@code ptsMicros}: stamped on the video's RTP clock
     * (the frame's own time plus the stream's offset), so players line boxes up with pictures.
     */
    synchronized void publishMetadata(byte[] document, long ptsMicros) {
        if (!metadata || lastTs == Long.MIN_VALUE) {
            return; // no video yet: nothing to be beside
        }
        long ts = ptsMicros * 9 / 100 + offset;
        RtpFrame frame = metadataPackets.packetize(document, (int) ts, alloc);
        metadataIn++;
        for (RtspSession s : sessions) {
            s.offerMetadata(frame);
        }
        frame.release();
    }

    /** Whether a client plays the metadata track now: documents are made only for someone. */
    boolean metadataWatched() {
        for (RtspSession s : sessions) {
            if (s.playing() && s.metadataTransport() != null) {
                return true;
            }
        }
        return false;
    }

    /** A metadata document about now (a timer's, not a frame's). */
    synchronized void publishMetadataNow(byte[] document) {
        if (lastTs != Long.MIN_VALUE) {
            publishMetadata(document, (estimatedTimestamp() - offset) * 100 / 9);
        }
    }

    /** A document as RTP packets of the metadata track (for tests). */
    RtpFrame metadataFrame(byte[] document, int timestamp) {
        return metadataPackets.packetize(document, timestamp, alloc);
    }

    /** Key frames carry the parameter sets in band, so a decoder can start at any of them (RFC 6184 8.4). */
    private List<ByteBuffer> withParameterSets(List<ByteBuffer> nals) {
        boolean hasSps = false;
        for (ByteBuffer n : nals) {
            if (config.codec().kind(n) == NalUnits.Kind.SPS) {
                hasSps = true;
                break;
            }
        }
        if (hasSps) {
            config = config.learn(nals); // a camera sending them in band may change them
            return nals;
        }
        List<ByteBuffer> all = new ArrayList<>(nals.size() + 3);
        for (byte[] set : config.all()) {
            all.add(ByteBuffer.wrap(set));
        }
        for (ByteBuffer n : nals) {
            if (config.codec().kind(n) != NalUnits.Kind.DELIMITER) {
                all.add(n);
            }
        }
        return all;
    }

    private void keep(RtpFrame frame) {
        if (frame.keyframe) {
            clearGop();
            gopComplete = true;
        }
        if (!gopComplete) {
            return;
        }
        if (gop.size() >= GOP_MAX_FRAMES || gopBytes + frame.rtpBytes > GOP_MAX_BYTES) {
            clearGop(); // joiners wait for the next key frame rather than hold unbounded memory
            return;
        }
        gop.add(frame.retain());
        gopBytes += frame.rtpBytes;
    }

    private void clearGop() {
        gop.forEach(RtpFrame::release);
        gop.clear();
        gopBytes = 0;
        gopComplete = false;
    }

    /**
     * Where a client's playback starts: its first packet's sequence number and time stamp, and the
     * metadata track's next sequence number.
     */
    record Start(int seq, int rtptime, int metadataSeq) {}

    /** Starts (or resumes) a session: it gets the kept GOP now and every frame after it. */
    synchronized Start play(RtspSession session) {
        boolean resumed = sessions.contains(session);
        if (!resumed) {
            sessions.add(session);
        }
        session.playing(true);
        // A sender report first: players can map RTP time to wall time from the very first frame.
        report(session, estimatedTimestamp(), System.currentTimeMillis());
        if (!resumed && !gop.isEmpty() && session.transport() != null) {
            RtpFrame first = gop.get(0);
            session.start(gop);
            return new Start(first.firstSeq, first.timestamp, metadataPackets.nextSeq());
        }
        int seq = packetizer == null ? 0 : packetizer.nextSeq();
        return new Start(seq, (int) estimatedTimestamp(), metadataPackets.nextSeq());
    }

    synchronized void pause(RtspSession session) {
        session.playing(false);
    }

    synchronized void remove(RtspSession session) {
        if (sessions.remove(session)) {
            session.playing(false);
            retiredDropped += session.framesDropped();
            retiredOctets += session.payloadOctets();
        }
    }

    List<RtspSession> sessions() {
        return sessions;
    }

    /** The RTP time of now, for PLAY's {@code RTP-Info} and RTCP sender reports. */
    synchronized long estimatedTimestamp() {
        if (lastTs == Long.MIN_VALUE) {
            return 0;
        }
        return lastTs + (System.nanoTime() - lastWallNanos) * 9 / 100_000;
    }

    int ssrc() {
        return ssrc;
    }

    int metadataSsrc() {
        return metadataPackets.ssrc();
    }

    /** The session description answered to DESCRIBE. */
    synchronized String sdp(String host) {
        return SessionDescription.of(
                sdpSession, sdpVersion, host, topic, config, width, height, fps, metadata ? METADATA_TYPE : -1);
    }

    /** Sends each playing session an RTCP sender report (RFC 3550 6.4.1). */
    void sendReports() {
        long rtp = estimatedTimestamp();
        long millis = System.currentTimeMillis();
        for (RtspSession s : sessions) {
            if (s.playing()) {
                report(s, rtp, millis);
            }
        }
    }

    /** A sender report on each track the session set up: both on the one clock, so they line up. */
    private void report(RtspSession s, long rtp, long millis) {
        report(s.transport(), ssrc, rtp, millis, s.packets(), s.payloadOctets());
        RtspSession.Sent m = s.metadata();
        report(s.metadataTransport(), metadataPackets.ssrc(), rtp, millis, m.packets.sum(), m.payloadOctets.sum());
    }

    private void report(RtspSession.Transport t, int source, long rtp, long millis, long packets, long octets) {
        if (t == null) {
            return;
        }
        ByteBuf sr = alloc.buffer(28);
        sr.writeByte(0x80).writeByte(200).writeShort(6).writeInt(source);
        long seconds = millis / 1000 + 2_208_988_800L; // NTP counts from 1900
        long fraction = ((millis % 1000) << 32) / 1000;
        sr.writeInt((int) seconds).writeInt((int) fraction).writeInt((int) rtp);
        sr.writeInt((int) packets).writeInt((int) octets);
        try {
            t.loop().execute(() -> t.rtcp(sr));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            sr.release();
        }
    }

    /** Clients, bytes and drops, for the exporter's status. */
    synchronized Map<String, Object> status() {
        Map<String, Object> st = new LinkedHashMap<>();
        long dropped = retiredDropped;
        long octets = retiredOctets;
        int playing = 0;
        for (RtspSession s : sessions) {
            dropped += s.framesDropped();
            octets += s.payloadOctets();
            if (s.playing()) {
                playing++;
            }
        }
        st.put("clients", playing);
        st.put("sessions", sessions.size());
        st.put("frames", framesIn);
        st.put("bytes_sent", octets);
        st.put("frames_dropped", dropped);
        if (metadata) {
            long metadataDropped = 0;
            for (RtspSession s : sessions) {
                metadataDropped += s.metadataDropped();
            }
            st.put("metadata_documents", metadataIn);
            st.put("metadata_dropped", metadataDropped);
        }
        if (config != null) {
            st.put("video", config.codec().rtpName + " " + width + "x" + height);
        }
        return st;
    }

    /** Ends the stream: sessions are dropped, the GOP freed. */
    synchronized void close() {
        sessions.forEach(s -> s.playing(false));
        sessions.clear();
        clearGop();
    }
}
