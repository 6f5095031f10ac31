package io.evex.runtime.live;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Fragmented MP4 as Media Source Extensions take it: an init segment (one video track, no
 * samples) and one {@code moof}+{@code mdat} fragment per frame, on a 90 kHz timeline that is the
 * packets' own presentation clock (so a page finds a frame's events at {@code video.currentTime}).
 */
final class Fmp4 {

    static final int TIMESCALE = 90_000;
    /** moof (8) + mfhd (16) + traf (8) + tfhd (16) + tfdt v1 (20) + trun v1, one sample (36). */
    private static final int MOOF_SIZE = 104;
    /** Bytes ahead of a fragment for the multiplexed socket's stream number. */
    static final int PREFIX = 2;

    private Fmp4() {}

    /** The init segment: file type and a movie with one video track described by {@code config}. */
    static byte[] init(CodecConfig config, int width, int height) {
        BoxWriter w = new BoxWriter();
        w.box("ftyp")
                .bytes(ascii("iso5"))
                .u32(512)
                .bytes(ascii("iso5"))
                .bytes(ascii("iso6"))
                .bytes(ascii("mp41"))
                .end();
        w.box("moov");
        w.box("mvhd", 0, 0)
                .u32(0)
                .u32(0)
                .u32(1000)
                .u32(0)
                .u32(0x00010000)
                .u16(0x0100)
                .zeros(10);
        w.matrix().zeros(24).u32(2).end();
        w.box("trak");
        w.box("tkhd", 0, 3)
                .u32(0)
                .u32(0)
                .u32(1)
                .u32(0)
                .u32(0)
                .zeros(8)
                .u16(0)
                .u16(0)
                .u16(0)
                .u16(0);
        w.matrix().u32((long) width << 16).u32((long) height << 16).end();
        w.box("mdia");
        w.box("mdhd", 0, 0)
                .u32(0)
                .u32(0)
                .u32(TIMESCALE)
                .u32(0)
                .u16(0x55c4)
                .u16(0)
                .end();
        w.box("hdlr", 0, 0)
                .u32(0)
                .bytes(ascii("vide"))
                .zeros(12)
                .bytes(ascii("Evex live\0"))
                .end();
        media(w, config, width, height);
        w.end().end(); // mdia, trak
        w.box("mvex").box("trex", 0, 0).u32(1).u32(1).u32(0).u32(0).u32(0).end().end();
        w.end(); // moov
        return w.toByteArray();
    }

    /** The track's media information: the sample description and empty sample tables (samples come in fragments). */
    private static void media(BoxWriter w, CodecConfig config, int width, int height) {
        w.box("minf");
        w.box("vmhd", 0, 1).zeros(8).end();
        w.box("dinf").box("dref", 0, 0).u32(1).box("url ", 0, 1).end().end().end();
        w.box("stbl");
        w.box("stsd", 0, 0).u32(1);
        w.box(config.hevc() ? "hvc1" : "avc1")
                .zeros(6)
                .u16(1)
                .zeros(16)
                .u16(width)
                .u16(height);
        w.u32(0x00480000).u32(0x00480000).u32(0).u16(1).zeros(32).u16(0x18).u16(0xffff);
        w.box(config.hevc() ? "hvcC" : "avcC").bytes(config.record()).end();
        w.end().end(); // sample entry, stsd
        w.box("stts", 0, 0).u32(0).end();
        w.box("stsc", 0, 0).u32(0).end();
        w.box("stsz", 0, 0).u32(0).u32(0).end();
        w.box("stco", 0, 0).u32(0).end();
        w.end().end(); // stbl, minf
    }

    /**
     * One frame as a fragment, {@link #PREFIX} bytes ahead of it left free: its NAL units each behind
     * a four-byte length, parameter sets and delimiters left out (the init segment has the former).
     *
     * @param sequence the fragment's number, from 1
     * @param dts decoding time, 90 kHz
     * @param duration until the next frame, 90 kHz
     * @param offset presentation minus decoding time, 90 kHz
     */
    static ByteBuffer fragment(
            boolean hevc, List<ByteBuffer> units, int sequence, long dts, int duration, int offset, boolean key) {
        int data = 0;
        for (ByteBuffer u : units) {
            if (!CodecConfig.outOfBand(hevc, u)) {
                data += 4 + u.remaining();
            }
        }
        ByteBuffer b = ByteBuffer.allocate(PREFIX + MOOF_SIZE + 8 + data);
        b.position(PREFIX);
        b.putInt(MOOF_SIZE).put(MOOF);
        b.putInt(16).put(MFHD).putInt(0).putInt(sequence);
        b.putInt(MOOF_SIZE - 24).put(TRAF);
        b.putInt(16).put(TFHD).putInt(0x020000).putInt(1); // default-base-is-moof, track 1
        b.putInt(20).put(TFDT).putInt(0x01000000).putLong(dts);
        b.putInt(36).put(TRUN).putInt(0x01000f01).putInt(1).putInt(MOOF_SIZE + 8);
        b.putInt(duration).putInt(data).putInt(key ? 0x02000000 : 0x01010000).putInt(offset);
        b.putInt(8 + data).put(MDAT);
        for (ByteBuffer u : units) {
            if (!CodecConfig.outOfBand(hevc, u)) {
                b.putInt(u.remaining()).put(u.duplicate());
            }
        }
        return b.flip();
    }

    private static final byte[] MOOF = ascii("moof");
    private static final byte[] MFHD = ascii("mfhd");
    private static final byte[] TRAF = ascii("traf");
    private static final byte[] TFHD = ascii("tfhd");
    private static final byte[] TFDT = ascii("tfdt");
    private static final byte[] TRUN = ascii("trun");
    private static final byte[] MDAT = ascii("mdat");

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
