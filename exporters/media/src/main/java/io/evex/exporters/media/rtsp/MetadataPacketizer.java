package io.evex.exporters.media.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Cuts a metadata document into RTP packets (ONVIF Streaming: the XML split at any byte, the
 * marker bit on the last packet of a document), with the track's own SSRC and sequence numbers.
 * Called under the stream's lock.
 */
final class MetadataPacketizer {

    private final int payloadType;
    private final int ssrc;
    private int nextSeq;

    MetadataPacketizer(int payloadType, int ssrc, int firstSeq) {
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.nextSeq = firstSeq & 0xffff;
    }

    int ssrc() {
        return ssrc;
    }

    int nextSeq() {
        return nextSeq;
    }

    RtpFrame packetize(byte[] document, int timestamp, ByteBufAllocator alloc) {
        int first = nextSeq;
        int max = RtpPacketizer.MAX_PAYLOAD;
        int count = Math.max(1, (document.length + max - 1) / max);
        ByteBuf[] packets = new ByteBuf[count];
        for (int i = 0; i < count; i++) {
            int from = i * max;
            int len = Math.min(max, document.length - from);
            ByteBuf p = alloc.directBuffer(RtpFrame.PREFIX + 12 + len);
            p.writeByte('$').writeByte(0).writeShort(12 + len);
            p.writeByte(0x80).writeByte((i == count - 1 ? 0x80 : 0) | payloadType);
            p.writeShort(nextSeq).writeInt(timestamp).writeInt(ssrc);
            p.writeBytes(document, from, len);
            nextSeq = (nextSeq + 1) & 0xffff;
            packets[i] = p;
        }
        return new RtpFrame(packets, true, timestamp, first);
    }
}
