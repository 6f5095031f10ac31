package io.evex.exporters.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.media.AccessUnits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 6184 and RFC 7798 packetization, checked by taking the packets apart again as a receiver would. */
class RtpPacketizerTest {

    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    @Test
    void smallNalUnitsGoWholeAndOnlyTheLastPacketOfTheFrameIsMarked() {
        RtpPacketizer p = new RtpPacketizer(NalUnits.Codec.H264, 96, 0x1234, 65534, 1400);
        byte[] sps = {0x67, 0x42, (byte) 0xe0, 0x1f};
        byte[] pps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
        byte[] idr = nal(0x65, 900, 1);
        RtpFrame f = p.packetize(List.of(wrap(sps), wrap(pps), wrap(idr)), 90_000, true, ALLOC);
        try {
            assertEquals(3, f.packets.length);
            int[] seqs = new int[3];
            for (int i = 0; i < 3; i++) {
                ByteBuf b = f.packets[i];
                assertEquals('$', b.getByte(0));
                assertEquals(b.readableBytes() - 4, b.getUnsignedShort(2), "interleave length");
                assertEquals(0x80, b.getUnsignedByte(4), "RTP version 2");
                assertEquals(i == 2, (b.getUnsignedByte(5) & 0x80) != 0, "marker on the last packet only");
                assertEquals(96, b.getUnsignedByte(5) & 0x7f);
                seqs[i] = b.getUnsignedShort(6);
                assertEquals(90_000, b.getInt(8));
                assertEquals(0x1234, b.getInt(12));
            }
            assertArrayEquals(new int[] {65534, 65535, 0}, seqs, "sequence numbers wrap at 16 bits");
            assertArrayEquals(idr, payload(f.packets[2]));
        } finally {
            f.release();
        }
    }

    @Test
    void aLargeH264NalUnitIsSentInFuAFragmentsThatReassembleExactly() {
        RtpPacketizer p = new RtpPacketizer(NalUnits.Codec.H264, 96, 7, 100, 1400);
        byte[] idr = nal(0x65, 10_000, 2);
        RtpFrame f = p.packetize(List.of(wrap(idr)), 0, true, ALLOC);
        try {
            assertTrue(f.packets.length >= 8, "10 kB in ≤1400-byte payloads");
            ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
            for (int i = 0; i < f.packets.length; i++) {
                byte[] payload = payload(f.packets[i]);
                assertTrue(payload.length <= 1400, "payload " + payload.length);
                assertEquals(28, payload[0] & 0x1f, "FU-A");
                assertEquals(idr[0] & 0xe0, payload[0] & 0xe0, "NRI kept");
                boolean start = (payload[1] & 0x80) != 0;
                boolean end = (payload[1] & 0x40) != 0;
                assertEquals(i == 0, start);
                assertEquals(i == f.packets.length - 1, end);
                assertEquals(5, payload[1] & 0x1f, "original type");
                if (start) {
                    rebuilt.write((payload[0] & 0xe0) | (payload[1] & 0x1f));
                }
                rebuilt.write(payload, 2, payload.length - 2);
            }
            assertArrayEquals(idr, rebuilt.toByteArray());
        } finally {
            f.release();
        }
    }

    @Test
    void aLargeH265NalUnitIsSentInFuFragmentsWithTheTwoByteHeader() {
        RtpPacketizer p = new RtpPacketizer(NalUnits.Codec.H265, 96, 7, 0, 1400);
        byte[] idr = nal(19 << 1, 5_000, 3); // IDR_W_RADL
        idr[1] = 1; // layer 0, temporal id 1
        RtpFrame f = p.packetize(List.of(wrap(idr)), 0, true, ALLOC);
        try {
            ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
            for (int i = 0; i < f.packets.length; i++) {
                byte[] payload = payload(f.packets[i]);
                assertTrue(payload.length <= 1400);
                assertEquals(49, (payload[0] >> 1) & 0x3f, "FU type");
                assertEquals(1, payload[1], "layer and temporal id kept");
                assertEquals(19, payload[2] & 0x3f);
                if ((payload[2] & 0x80) != 0) {
                    rebuilt.write((payload[0] & 0x81) | (19 << 1));
                    rebuilt.write(payload[1]);
                }
                rebuilt.write(payload, 3, payload.length - 3);
            }
            assertArrayEquals(idr, rebuilt.toByteArray());
        } finally {
            f.release();
        }
    }

    @Test
    void annexBAndLengthPrefixedPacketsSplitIntoTheSameNalUnits() {
        byte[] a = nal(0x65, 300, 4);
        byte[] b = nal(0x06, 20, 5);
        ByteBuffer annexB = ByteBuffer.allocate(4 + b.length + 3 + a.length)
                .put(new byte[] {0, 0, 0, 1})
                .put(b)
                .put(new byte[] {0, 0, 1})
                .put(a)
                .flip();
        ByteBuffer prefixed = ByteBuffer.allocate(8 + a.length + b.length)
                .putInt(b.length)
                .put(b)
                .putInt(a.length)
                .put(a)
                .flip();
        for (List<ByteBuffer> nals : List.of(AccessUnits.split(annexB, 0), AccessUnits.split(prefixed, 4))) {
            assertEquals(2, nals.size());
            assertArrayEquals(b, AccessUnits.bytes(nals.get(0)));
            assertArrayEquals(a, AccessUnits.bytes(nals.get(1)));
        }
    }

    @Test
    void anAvcCRecordGivesItsParameterSetsAndLengthSize() {
        byte[] sps = {0x67, 0x4d, 0x40, 0x1e, 1, 2};
        byte[] pps = {0x68, (byte) 0xee, 0x3c};
        ByteBuffer avcc = ByteBuffer.allocate(64)
                .put(new byte[] {1, 0x4d, 0x40, 0x1e, (byte) 0xff, (byte) 0xe1})
                .putShort((short) sps.length)
                .put(sps)
                .put((byte) 1)
                .putShort((short) pps.length)
                .put(pps)
                .flip();
        NalUnits.Config c = NalUnits.config(NalUnits.Codec.H264, avcc, false);
        assertEquals(4, c.lengthSize());
        assertArrayEquals(sps, c.sps().get(0));
        assertArrayEquals(pps, c.pps().get(0));
        assertTrue(c.complete());
    }

    private static byte[] nal(int header, int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = (byte) header;
        for (int i = 1; i < size; i++) {
            if (b[i] == 0) {
                b[i] = 1; // no accidental start codes in the test data
            }
        }
        return b;
    }

    private static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    private static byte[] payload(ByteBuf packet) {
        byte[] out = new byte[packet.readableBytes() - 16];
        packet.getBytes(16, out);
        return out;
    }
}
