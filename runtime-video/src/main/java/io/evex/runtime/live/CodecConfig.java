package io.evex.runtime.live;

import io.evex.api.media.AccessUnits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A track's decoder configuration as an MP4 sample entry carries it: the {@code avcC} or {@code hvcC}
 * record, and the codec string a browser's {@code MediaSource.isTypeSupported} reads
 * ({@code avc1.64001f}, {@code hvc1.1.6.L93.B0}). Made from a track's extradata in either framing,
 * or from the parameter sets a key frame carries in-band when a camera sends no extradata.
 *
 * @param hevc H.265 rather than H.264
 * @param record the body of the {@code avcC}/{@code hvcC} box
 * @param codec the RFC 6381 codec string
 * @param parameterSets the VPS/SPS/PPS units the record holds, to tell a changed stream from the same one
 */
record CodecConfig(boolean hevc, byte[] record, String codec, List<byte[]> parameterSets) {

    /** The configuration in a track's extradata, or null when it holds no complete set. */
    static CodecConfig of(String codecName, ByteBuffer extradata) {
        boolean hevc = codecName.equals("hevc");
        ByteBuffer b = extradata.duplicate();
        if (b.remaining() > 6 && b.get(b.position()) == 1) {
            byte[] record = AccessUnits.bytes(b);
            return hevc ? ofHvcC(record) : ofAvcC(record);
        }
        return fromUnits(hevc, AccessUnits.annexB(b));
    }

    /** The configuration from NAL units (extradata in Annex B, or a key frame's in-band sets), or null. */
    static CodecConfig fromUnits(boolean hevc, List<ByteBuffer> units) {
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (ByteBuffer u : units) {
            int type = type(hevc, u);
            if (hevc && type == 32) {
                vps.add(AccessUnits.bytes(u));
            } else if (type == (hevc ? 33 : 7)) {
                sps.add(AccessUnits.bytes(u));
            } else if (type == (hevc ? 34 : 8)) {
                pps.add(AccessUnits.bytes(u));
            }
        }
        if (sps.isEmpty() || pps.isEmpty() || (hevc && vps.isEmpty()) || sps.get(0).length < (hevc ? 15 : 4)) {
            return null;
        }
        return hevc ? hevc(vps, sps, pps) : avc(sps, pps);
    }

    /** A NAL unit's type. */
    static int type(boolean hevc, ByteBuffer unit) {
        int first = unit.get(unit.position()) & 0xff;
        return hevc ? (first >> 1) & 0x3f : first & 0x1f;
    }

    /** Whether a unit is a parameter set or an access unit delimiter: the sample entry carries the former, MP4 needs neither. */
    static boolean outOfBand(boolean hevc, ByteBuffer unit) {
        int t = type(hevc, unit);
        return hevc ? (t >= 32 && t <= 35) : (t == 7 || t == 8 || t == 9);
    }

    /** Whether these in-band units describe the stream this configuration describes. */
    boolean sameAs(CodecConfig other) {
        if (other.parameterSets.size() != parameterSets.size()) {
            return false;
        }
        for (int i = 0; i < parameterSets.size(); i++) {
            if (!Arrays.equals(parameterSets.get(i), other.parameterSets.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The length-prefix size of packets framed as the record says. */
    int lengthSize() {
        return (record[hevc ? 21 : 4] & 3) + 1;
    }

    private static CodecConfig avc(List<byte[]> sps, List<byte[]> pps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = sps.get(0);
        out.write(1);
        out.write(first[1]); // profile
        out.write(first[2]); // constraint flags
        out.write(first[3]); // level
        out.write(0xff); // 4-byte lengths
        out.write(0xe0 | sps.size());
        sps.forEach(s -> sized(out, s));
        out.write(pps.size());
        pps.forEach(p -> sized(out, p));
        List<byte[]> sets = new ArrayList<>(sps);
        sets.addAll(pps);
        return new CodecConfig(false, out.toByteArray(), avcCodec(first[1], first[2], first[3]), sets);
    }

    private static CodecConfig ofAvcC(byte[] record) {
        List<byte[]> sets = new ArrayList<>();
        int p = 5;
        int count = record[p++] & 0x1f;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < count && p + 2 <= record.length; i++) {
                int len = ((record[p] & 0xff) << 8) | (record[p + 1] & 0xff);
                sets.add(Arrays.copyOfRange(record, p + 2, Math.min(record.length, p + 2 + len)));
                p += 2 + len;
            }
            count = p < record.length ? record[p++] & 0xff : 0;
        }
        return new CodecConfig(false, record, avcCodec(record[1], record[2], record[3]), sets);
    }

    private static String avcCodec(byte profile, byte constraints, byte level) {
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profile & 0xff, constraints & 0xff, level & 0xff);
    }

    /** hvcC from the parameter sets: profile, tier and level copied from the SPS, chroma and depth parsed from it. */
    private static CodecConfig hevc(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
        byte[] rbsp = BitReader.payload(ByteBuffer.wrap(sps.get(0)));
        int subLayers = (rbsp[2] >> 1) & 7; // sps_max_sub_layers_minus1
        SpsFormat format = SpsFormat.read(rbsp, subLayers);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(rbsp, 3, 12); // general profile_tier_level: byte-aligned right after the first byte
        out.write(0xf0);
        out.write(0x00); // min_spatial_segmentation_idc
        out.write(0xfc); // parallelism unknown
        out.write(0xfc | format.chroma());
        out.write(0xf8 | format.lumaDepth());
        out.write(0xf8 | format.chromaDepth());
        out.write(0);
        out.write(0); // average frame rate unknown
        out.write(((subLayers + 1) << 3) | ((rbsp[2] & 1) << 2) | 3); // 4-byte lengths
        out.write(3);
        array(out, 32, vps);
        array(out, 33, sps);
        array(out, 34, pps);
        List<byte[]> sets = new ArrayList<>(vps);
        sets.addAll(sps);
        sets.addAll(pps);
        byte[] record = out.toByteArray();
        return new CodecConfig(true, record, hevcCodec(record), sets);
    }

    private static CodecConfig ofHvcC(byte[] record) {
        List<byte[]> sets = new ArrayList<>();
        int arrays = record.length > 22 ? record[22] & 0xff : 0;
        int p = 23;
        for (int a = 0; a < arrays && p + 3 <= record.length; a++) {
            int n = ((record[p + 1] & 0xff) << 8) | (record[p + 2] & 0xff);
            p += 3;
            for (int i = 0; i < n && p + 2 <= record.length; i++) {
                int len = ((record[p] & 0xff) << 8) | (record[p + 1] & 0xff);
                sets.add(Arrays.copyOfRange(record, p + 2, Math.min(record.length, p + 2 + len)));
                p += 2 + len;
            }
        }
        return new CodecConfig(true, record, hevcCodec(record), sets);
    }

    /** ISO/IEC 14496-15 annex E: hvc1.[space]profile.compatibility(reversed).tier+level.constraints. */
    private static String hevcCodec(byte[] r) {
        int space = (r[1] >> 6) & 3;
        boolean high = (r[1] & 0x20) != 0;
        int profile = r[1] & 0x1f;
        long compat = ((r[2] & 0xffL) << 24) | ((r[3] & 0xffL) << 16) | ((r[4] & 0xffL) << 8) | (r[5] & 0xffL);
        long reversed = Long.reverse(compat) >>> 32;
        StringBuilder s = new StringBuilder("hvc1.");
        if (space > 0) {
            s.append((char) ('A' + space - 1));
        }
        s.append(profile).append('.').append(Long.toHexString(reversed).toUpperCase(Locale.ROOT));
        s.append('.').append(high ? 'H' : 'L').append(r[12] & 0xff);
        int last = 11;
        while (last >= 6 && r[last] == 0) {
            last--; // trailing zero constraint bytes are left out
        }
        for (int i = 6; i <= last; i++) {
            s.append('.').append(Integer.toHexString(r[i] & 0xff).toUpperCase(Locale.ROOT));
        }
        return s.toString();
    }

    private static void array(ByteArrayOutputStream out, int type, List<byte[]> units) {
        out.write(0x80 | type); // complete: every set of this type is here
        out.write(units.size() >> 8);
        out.write(units.size() & 0xff);
        units.forEach(u -> sized(out, u));
    }

    private static void sized(ByteArrayOutputStream out, byte[] unit) {
        out.write(unit.length >> 8);
        out.write(unit.length & 0xff);
        out.write(unit, 0, unit.length);
    }

    /** The H.265 SPS fields hvcC repeats: chroma format and bit depths. */
    private record SpsFormat(int chroma, int lumaDepth, int chromaDepth) {

        static SpsFormat read(byte[] rbsp, int subLayers) {
            BitReader r = new BitReader(rbsp, 15); // 2 header bytes, 1 byte of ids, 12 of general PTL
            if (subLayers > 0) {
                boolean[] profile = new boolean[subLayers];
                boolean[] level = new boolean[subLayers];
                for (int i = 0; i < subLayers; i++) {
                    profile[i] = r.bit();
                    level[i] = r.bit();
                }
                r.skip(2 * (8 - subLayers));
                for (int i = 0; i < subLayers; i++) {
                    r.skip((profile[i] ? 88 : 0) + (level[i] ? 8 : 0));
                }
            }
            r.ue(); // sps_seq_parameter_set_id
            int chroma = r.ue();
            if (chroma == 3) {
                r.skip(1);
            }
            r.ue(); // width
            r.ue(); // height
            if (r.bit()) {
                r.ue();
                r.ue();
                r.ue();
                r.ue(); // conformance window
            }
            int luma = r.ue();
            int chromaDepth = r.ue();
            return new SpsFormat(chroma & 3, luma & 7, chromaDepth & 7);
        }
    }
}
