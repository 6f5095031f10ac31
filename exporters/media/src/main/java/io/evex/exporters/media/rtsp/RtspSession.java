package io.evex.exporters.media.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client's RTSP session: its transport (TCP interleaved or UDP unicast), whether it plays, and
 * what it was sent and lost. Frames are handed to the transport's event loop and never waited for:
 * a client whose connection is full, or whose loop is behind, loses frames up to the next key
 * frame (counted), so it can resume decoding cleanly and never slows the encoder or other clients.
 */
final class RtspSession {

    /** Frames handed to the event loop and not yet written: beyond this the client is behind. */
    static final int MAX_QUEUED_FRAMES = 16;

    final String id;
    final RtspStream stream;
    final String remote;
    private volatile Transport transport;
    private volatile boolean playing;
    /** Guarded by the stream's lock: nothing goes out until a key frame. */
    private boolean waitingForKeyframe = true;

    private final Sent video = new Sent();
    private final Sent metadata = new Sent();
    private volatile Transport metadataTransport;
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder metadataDropped = new LongAdder();
    private volatile long lastSeenNanos = System.nanoTime();

    RtspSession(String id, RtspStream stream, String remote) {
        this.id = id;
        this.stream = stream;
        this.remote = remote;
    }

    void transport(Transport t) {
        this.transport = t;
    }

    Transport transport() {
        return transport;
    }

    /** The ONVIF metadata track's transport (SETUP of {@code trackID=1}), or null. */
    void metadataTransport(Transport t) {
        this.metadataTransport = t;
    }

    Transport metadataTransport() {
        return metadataTransport;
    }

    /** What went out on one track, and what waits on its event loop. */
    static final class Sent {
        final AtomicInteger queued = new AtomicInteger();
        final LongAdder packets = new LongAdder();
        final LongAdder payloadOctets = new LongAdder();
        final LongAdder frames = new LongAdder();
    }

    boolean playing() {
        return playing;
    }

    /** Called under the stream's lock. */
    void playing(boolean value) {
        playing = value;
        waitingForKeyframe = true;
    }

    void seen() {
        lastSeenNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastSeenNanos;
    }

    long framesSent() {
        return video.frames.sum();
    }

    /** Metadata documents sent, and dropped because the client was behind. */
    long metadataSent() {
        return metadata.frames.sum();
    }

    long metadataDropped() {
        return metadataDropped.sum();
    }

    /** The metadata track's packets and payload bytes, for its sender reports. */
    Sent metadata() {
        return metadata;
    }

    long framesDropped() {
        return framesDropped.sum();
    }

    long packets() {
        return video.packets.sum();
    }

    long payloadOctets() {
        return video.payloadOctets.sum();
    }

    /** Offers a live frame; called under the stream's lock. */
    void offer(RtpFrame frame) {
        if (!playing) {
            return;
        }
        if (waitingForKeyframe && !frame.keyframe) {
            framesDropped.increment();
            return;
        }
        Transport t = transport;
        if (t == null) {
            return; // a session of the metadata track alone
        }
        if (video.queued.get() >= MAX_QUEUED_FRAMES || !t.writable()) {
            framesDropped.increment();
            waitingForKeyframe = true;
            return;
        }
        waitingForKeyframe = false;
        send(t, video, List.of(frame));
    }

    /** Offers a metadata document; one the client cannot take now is dropped (counted), the next stands alone. */
    void offerMetadata(RtpFrame document) {
        Transport t = metadataTransport;
        if (!playing || t == null) {
            return;
        }
        if (metadata.queued.get() >= MAX_QUEUED_FRAMES || !t.writable()) {
            metadataDropped.increment();
            return;
        }
        send(t, metadata, List.of(document));
    }

    /** Starts a client at the kept GOP (a key frame and what followed); called under the stream's lock. */
    void start(List<RtpFrame> gop) {
        if (gop.isEmpty()) {
            return;
        }
        waitingForKeyframe = false;
        if (transport != null) {
            send(transport, video, gop);
        }
    }

    private static void send(Transport t, Sent sent, List<RtpFrame> frames) {
        int n = 0;
        for (RtpFrame f : frames) {
            n += f.packets.length;
        }
        ByteBuf[] own = new ByteBuf[n];
        int i = 0;
        long octets = 0;
        for (RtpFrame f : frames) {
            for (ByteBuf p : f.packets) {
                own[i++] = p.retainedDuplicate();
            }
            octets += f.rtpBytes - 12L * f.packets.length;
        }
        sent.queued.incrementAndGet();
        long payload = octets;
        int count = frames.size();
        try {
            t.loop().execute(() -> {
                sent.queued.decrementAndGet();
                t.write(own);
                sent.packets.add(own.length);
                sent.payloadOctets.add(payload);
                sent.frames.add(count);
            });
        } catch (RejectedExecutionException e) {
            sent.queued.decrementAndGet();
            for (ByteBuf b : own) {
                b.release();
            }
        }
    }

    /** How a session's packets reach the client. */
    interface Transport {
        EventLoop loop();

        boolean writable();

        /** Writes RTP packets (each with the interleaving prefix; the transport takes the references) and flushes. */
        void write(ByteBuf[] packets);

        /** Sends an RTCP packet (no prefix; the transport takes the reference). */
        void rtcp(ByteBuf packet);

        /** The Transport header value answered to SETUP. */
        String describe(int ssrc);

        boolean tcp();
    }

    /**
     * RTP and RTCP inside the RTSP connection ({@code $}-framed, RFC 2326 section 10.12). {@code raw} is
     * the context of the connection's first handler: data written there bypasses the RTSP encoder,
     * which takes RTSP messages only.
     */
    record Tcp(ChannelHandlerContext raw, int rtpChannel, int rtcpChannel) implements Transport {

        @Override
        public EventLoop loop() {
            return raw.channel().eventLoop();
        }

        @Override
        public boolean writable() {
            return raw.channel().isActive() && raw.channel().isWritable();
        }

        @Override
        public void write(ByteBuf[] packets) {
            for (ByteBuf p : packets) {
                if (rtpChannel != 0) {
                    // The prefix in the shared buffer names channel 0: this client gets its own.
                    ByteBuf prefix = raw.alloc().buffer(RtpFrame.PREFIX);
                    prefix.writeByte('$').writeByte(rtpChannel).writeShort(p.readableBytes() - RtpFrame.PREFIX);
                    raw.write(prefix, raw.voidPromise());
                    p.skipBytes(RtpFrame.PREFIX);
                }
                raw.write(p, raw.voidPromise());
            }
            raw.flush();
        }

        @Override
        public void rtcp(ByteBuf packet) {
            ByteBuf framed = raw.alloc().buffer(4 + packet.readableBytes());
            framed.writeByte('$').writeByte(rtcpChannel).writeShort(packet.readableBytes());
            framed.writeBytes(packet);
            packet.release();
            raw.writeAndFlush(framed, raw.voidPromise());
        }

        @Override
        public String describe(int ssrc) {
            return "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + rtcpChannel + ";ssrc="
                    + String.format("%08X", ssrc);
        }

        @Override
        public boolean tcp() {
            return true;
        }
    }

    /** RTP and RTCP over UDP from the server's port pair to the client's. */
    record Udp(DatagramChannel rtp, DatagramChannel rtcpChannel, InetSocketAddress rtpTo, InetSocketAddress rtcpTo)
            implements Transport {

        @Override
        public EventLoop loop() {
            return rtp.eventLoop();
        }

        @Override
        public boolean writable() {
            return rtp.isActive() && rtp.isWritable();
        }

        @Override
        public void write(ByteBuf[] packets) {
            for (ByteBuf p : packets) {
                ByteBuf body = p.skipBytes(RtpFrame.PREFIX);
                rtp.write(new DatagramPacket(body, rtpTo), rtp.voidPromise());
            }
            rtp.flush();
        }

        @Override
        public void rtcp(ByteBuf packet) {
            rtcpChannel.writeAndFlush(new DatagramPacket(packet, rtcpTo), rtcpChannel.voidPromise());
        }

        @Override
        public String describe(int ssrc) {
            return "RTP/AVP;unicast;client_port=" + rtpTo.getPort() + "-" + rtcpTo.getPort() + ";server_port="
                    + rtp.localAddress().getPort() + "-"
                    + rtcpChannel.localAddress().getPort() + ";ssrc="
                    + String.format("%08X", ssrc);
        }

        @Override
        public boolean tcp() {
            return false;
        }
    }
}
