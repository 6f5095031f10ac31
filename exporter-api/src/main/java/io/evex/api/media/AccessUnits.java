package io.evex.api.media;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An H.264 or H.265 packet (an access unit) as its NAL units. Packets come either with start codes
 * (Annex B: encoders, network cameras) or length-prefixed (MP4 files; {@link VideoTrack#annexB()}
 * tells which); the units returned are views of the packet, never copies.
 *
 * @since 0.8
 */
public final class AccessUnits {

    private AccessUnits() {}

    /** The NAL units of a packet; {@code lengthSize} 0 means Annex B start codes. */
    public static List<ByteBuffer> split(ByteBuffer packet, int lengthSize) {
        return lengthSize == 0 ? annexB(packet) : lengthPrefixed(packet, lengthSize);
    }

    /** The NAL units of a packet whose units each follow a big-endian length of {@code lengthSize} bytes. */
    public static List<ByteBuffer> lengthPrefixed(ByteBuffer packet, int lengthSize) {
        List<ByteBuffer> nals = new ArrayList<>(4);
        ByteBuffer b = packet.duplicate();
        int p = b.position();
        while (p + lengthSize <= b.limit()) {
            int len = 0;
            for (int i = 0; i < lengthSize; i++) {
                len = (len << 8) | (b.get(p + i) & 0xff);
            }
            p += lengthSize;
            len = Math.min(len, b.limit() - p);
            if (len > 0) {
                nals.add(b.slice(p, len));
            }
            p += len;
        }
        return nals;
    }

    /** The NAL units of a packet with start codes (00 00 01 or 00 00 00 01); without any, the whole packet. */
    public static List<ByteBuffer> annexB(ByteBuffer packet) {
        List<ByteBuffer> nals = new ArrayList<>(4);
        ByteBuffer b = packet.duplicate();
        int limit = b.limit();
        int start = -1;
        int i = b.position();
        while (i + 2 < limit) {
            if (b.get(i) == 0 && b.get(i + 1) == 0 && b.get(i + 2) == 1) {
                if (start >= 0) {
                    int end = i;
                    while (end > start && b.get(end - 1) == 0) {
                        end--; // a four-byte start code's leading zero (and trailing zero bytes)
                    }
                    if (end > start) {
                        nals.add(b.slice(start, end - start));
                    }
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < limit) {
            nals.add(b.slice(start, limit - start));
        } else if (start < 0 && b.hasRemaining()) {
            nals.add(b.slice()); // no start code at all: one bare NAL unit
        }
        return nals;
    }

    /** A copy of one unit's bytes. */
    public static byte[] bytes(ByteBuffer nal) {
        byte[] out = new byte[nal.remaining()];
        nal.duplicate().get(out);
        return out;
    }
}
