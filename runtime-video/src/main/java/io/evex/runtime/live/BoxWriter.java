package io.evex.runtime.live;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** Writes nested ISO BMFF boxes: a box's size is filled in when it closes. */
final class BoxWriter {

    private byte[] buf = new byte[1024];
    private int size;
    private final Deque<Integer> open = new ArrayDeque<>();

    BoxWriter box(String type) {
        open.push(size);
        u32(0);
        bytes(type.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** A full box: type, version and flags. */
    BoxWriter box(String type, int version, int flags) {
        return box(type).u32((version << 24) | flags);
    }

    BoxWriter end() {
        int start = open.pop();
        int length = size - start;
        buf[start] = (byte) (length >>> 24);
        buf[start + 1] = (byte) (length >>> 16);
        buf[start + 2] = (byte) (length >>> 8);
        buf[start + 3] = (byte) length;
        return this;
    }

    BoxWriter u8(int v) {
        room(1);
        buf[size++] = (byte) v;
        return this;
    }

    BoxWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    BoxWriter u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    BoxWriter zeros(int n) {
        room(n);
        size += n; // the array is zero-filled where it has not been written
        return this;
    }

    BoxWriter bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** The 3x3 identity transform of movie and track headers. */
    BoxWriter matrix() {
        return u32(0x00010000)
                .u32(0)
                .u32(0)
                .u32(0)
                .u32(0x00010000)
                .u32(0)
                .u32(0)
                .u32(0)
                .u32(0x40000000);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void room(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
