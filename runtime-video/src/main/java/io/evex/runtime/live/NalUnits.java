package io.evex.runtime.live;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264/H.265 NAL units as the two framings carry them: Annex B (start codes, what cameras and
 * encoders send) and length-prefixed (what MP4 files and fMP4 fragments hold).
 */
final class NalUnits {

    private NalUnits() {}

    /** The NAL units of an Annex B buffer, each a slice of it without its start code. */
    static List<ByteBuffer> annexB(ByteBuffer data) {
        List<ByteBuffer> units = new ArrayList<>();
        int end = data.limit();
        int start = next(data, data.position(), end);
        while (start >= 0) {
            int from = start + 3;
            int following = next(data, from, end);
            int to = following < 0 ? end : following;
            while (to > from && data.get(to - 1) == 0) {
                to--; // a four-byte start code's leading zero, or trailing zeros
            }
            if (to > from) {
                units.add(data.duplicate().position(from).limit(to).slice());
            }
            start = following;
        }
        return units;
    }

    /** The NAL units of a length-prefixed buffer ({@code lengthSize} bytes each). */
    static List<ByteBuffer> lengthPrefixed(ByteBuffer data, int lengthSize) {
        List<ByteBuffer> units = new ArrayList<>();
        int p = data.position();
        while (p + lengthSize <= data.limit()) {
            int len = 0;
            for (int i = 0; i < lengthSize; i++) {
                len = (len << 8) | (data.get(p + i) & 0xff);
            }
            p += lengthSize;
            if (len <= 0 || p + len > data.limit()) {
                break;
            }
            units.add(data.duplicate().position(p).limit(p + len).slice());
            p += len;
        }
        return units;
    }

    /** The position of the next start code (00 00 01) at or after {@code from}, or -1. */
    private static int next(ByteBuffer b, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (b.get(i) == 0 && b.get(i + 1) == 0 && b.get(i + 2) == 1) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a buffer starts with an Annex B start code. */
    static boolean startsWithStartCode(ByteBuffer b) {
        int p = b.position();
        return b.remaining() >= 4
                && b.get(p) == 0
                && b.get(p + 1) == 0
                && (b.get(p + 2) == 1 || (b.get(p + 2) == 0 && b.get(p + 3) == 1));
    }

    /** The unit's payload with emulation-prevention bytes (00 00 03) removed, for parsing. */
    static byte[] rbsp(ByteBuffer unit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(unit.remaining());
        int zeros = 0;
        for (int i = unit.position(); i < unit.limit(); i++) {
            int b = unit.get(i) & 0xff;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out.write(b);
        }
        return out.toByteArray();
    }

    static byte[] bytes(ByteBuffer unit) {
        byte[] out = new byte[unit.remaining()];
        unit.duplicate().get(out);
        return out;
    }
}
