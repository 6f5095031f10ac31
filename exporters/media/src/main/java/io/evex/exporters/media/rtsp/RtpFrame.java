package io.evex.exporters.media.rtsp;

import io.netty.buffer.ByteBuf;

/**
 * One access unit as RTP packets, built once and shared by every client of a stream. Each packet
 * buffer starts with the four bytes of RTSP's TCP interleaving ({@code $}, channel 0, length)
 * followed by the RTP packet itself: a TCP client on channel 0 is sent the buffer as it is, a UDP
 * client the slice after the prefix. The frame owns one reference to each buffer.
 */
final class RtpFrame {

    /** Bytes in front of each RTP packet: {@code $}, channel, 16-bit length. */
    static final int PREFIX = 4;

    final ByteBuf[] packets;
    final boolean keyframe;
    /** The RTP time stamp (90 kHz) of every packet of the frame. */
    final int timestamp;
    /** The sequence number of the first packet. */
    final int firstSeq;
    /** RTP bytes (headers and payloads, without the prefixes). */
    final int rtpBytes;

    RtpFrame(ByteBuf[] packets, boolean keyframe, int timestamp, int firstSeq) {
        this.packets = packets;
        this.keyframe = keyframe;
        this.timestamp = timestamp;
        this.firstSeq = firstSeq;
        int total = 0;
        for (ByteBuf p : packets) {
            total += p.readableBytes() - PREFIX;
        }
        this.rtpBytes = total;
    }

    /** One more holder (the GOP kept for joining clients). */
    RtpFrame retain() {
        for (ByteBuf p : packets) {
            p.retain();
        }
        return this;
    }

    void release() {
        for (ByteBuf p : packets) {
            p.release();
        }
    }
}
