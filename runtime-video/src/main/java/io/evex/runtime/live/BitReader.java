package io.evex.runtime.live;

/** Reads bits and Exp-Golomb numbers from a parameter set's payload; past the end it reads zeros. */
final class BitReader {

    private final byte[] data;
    private int bit;

    BitReader(byte[] data, int startByte) {
        this.data = data;
        this.bit = startByte * 8;
    }

    /** A unit's payload with emulation-prevention bytes (00 00 03) removed, for reading its fields. */
    static byte[] payload(java.nio.ByteBuffer unit) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(unit.remaining());
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

    boolean bit() {
        int index = bit >> 3;
        boolean set = index < data.length && ((data[index] >> (7 - (bit & 7))) & 1) != 0;
        bit++;
        return set;
    }

    void skip(int bits) {
        bit += bits;
    }

    /** An unsigned Exp-Golomb number. */
    int ue() {
        int zeros = 0;
        while (!bit() && zeros < 31) {
            zeros++;
        }
        int value = 0;
        for (int i = 0; i < zeros; i++) {
            value = (value << 1) | (bit() ? 1 : 0);
        }
        return (1 << zeros) - 1 + value;
    }
}
