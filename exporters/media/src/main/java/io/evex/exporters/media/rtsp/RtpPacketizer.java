package io.evex.exporters.media.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an access unit's NAL units into RTP packets: a NAL unit that fits is sent whole (single NAL
 * unit packet), a larger one in fragments (FU-A, RFC 6184 section 5.8, for H.264; FU, RFC 7798
 * section 4.4.3, for H.265). The last packet of the access unit carries the marker bit.
 */
final class RtpPacketizer {

    /** Payload bytes per packet: fits a 1500-byte Ethernet MTU with IP, UDP and RTP headers to spare. */
    static final int MAX_PAYLOAD = 1400;

    private static final int RTP_HEADER = 12;
    private static final int H264_FU_A = 28;
    private static final int H265_FU = 49;

    private final NalUnits.Codec codec;
    private final int payloadType;
    private final int ssrc;
    private final int maxPayload;
    private int nextSeq;

    RtpPacketizer(NalUnits.Codec codec, int payloadType, int ssrc, int firstSeq, int maxPayload) {
        this.codec = codec;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.nextSeq = firstSeq & 0xffff;
        this.maxPayload = maxPayload;
    }

    /** The sequence number the next packet gets. */
    int nextSeq() {
        return nextSeq;
    }

    /** Packetizes one access unit (its NAL units in decoding order) at {@code timestamp}. */
    RtpFrame packetize(List<ByteBuffer> nals, int timestamp, boolean keyframe, ByteBufAllocator alloc) {
        int first = nextSeq;
        List<ByteBuf> out = new ArrayList<>(nals.size() + 4);
        for (int n = 0; n < nals.size(); n++) {
            ByteBuffer nal = nals.get(n);
            boolean lastNal = n == nals.size() - 1;
            int size = nal.remaining();
            if (size <= maxPayload) {
                ByteBuf p = header(alloc, size, lastNal, timestamp);
                p.writeBytes(nal.duplicate());
                out.add(finish(p));
                continue;
            }
            fragment(nal, lastNal, timestamp, alloc, out);
        }
        return new RtpFrame(out.toArray(ByteBuf[]::new), keyframe, timestamp, first);
    }

    private void fragment(ByteBuffer nal, boolean lastNal, int timestamp, ByteBufAllocator alloc, List<ByteBuf> out) {
        int h = codec.headerSize;
        int b0 = nal.get(nal.position()) & 0xff;
        int type = codec.type(nal);
        int pos = nal.position() + h; // the NAL header is carried in the FU headers, not repeated
        int end = nal.limit();
        int chunk = maxPayload - h - 1;
        boolean start = true;
        while (pos < end) {
            int len = Math.min(chunk, end - pos);
            boolean last = pos + len == end;
            ByteBuf p = header(alloc, h + 1 + len, lastNal && last, timestamp);
            int flags = (start ? 0x80 : 0) | (last ? 0x40 : 0);
            if (codec == NalUnits.Codec.H264) {
                p.writeByte((b0 & 0xe0) | H264_FU_A);
                p.writeByte(flags | type);
            } else {
                p.writeByte((b0 & 0x81) | (H265_FU << 1));
                p.writeByte(nal.get(nal.position() + 1));
                p.writeByte(flags | type);
            }
            p.writeBytes(nal.duplicate().position(pos).limit(pos + len));
            out.add(finish(p));
            pos += len;
            start = false;
        }
    }

    private ByteBuf header(ByteBufAllocator alloc, int payload, boolean marker, int timestamp) {
        ByteBuf p = alloc.directBuffer(RtpFrame.PREFIX + RTP_HEADER + payload);
        p.writeByte('$').writeByte(0).writeShort(0); // length filled in by finish()
        p.writeByte(0x80); // version 2, no padding, no extension, no CSRC
        p.writeByte((marker ? 0x80 : 0) | payloadType);
        p.writeShort(nextSeq);
        p.writeInt(timestamp);
        p.writeInt(ssrc);
        nextSeq = (nextSeq + 1) & 0xffff;
        return p;
    }

    private static ByteBuf finish(ByteBuf p) {
        p.setShort(2, p.readableBytes() - RtpFrame.PREFIX);
        return p;
    }
}
