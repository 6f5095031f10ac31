package io.evex.exporters.media.rtsp;

import io.evex.api.media.AccessUnits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 and H.265 access units as NAL units, and the parameter sets of a track's codec
 * configuration. Packets come either with start codes (Annex B: encoders, network cameras) or
 * length-prefixed (MP4 files, whose {@code avcC}/{@code hvcC} record holds the parameter sets);
 * the NAL units returned are views of the packet, never copies.
 */
final class NalUnits {

    private NalUnits() {}

    /** The parameter sets of a track and the size of its length prefixes (0: Annex B packets). */
    record Config(Codec codec, List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, int lengthSize) {

        boolean complete() {
            return !sps.isEmpty() && !pps.isEmpty() && (codec == Codec.H264 || !vps.isEmpty());
        }

        /** Every parameter set, in the order a decoder needs them (VPS, SPS, PPS). */
        List<byte[]> all() {
            List<byte[]> all = new ArrayList<>(vps);
            all.addAll(sps);
            all.addAll(pps);
            return all;
        }

        /** The same configuration with parameter sets found in a packet (cameras that send them in-band only). */
        Config learn(List<ByteBuffer> nals) {
            List<byte[]> v = new ArrayList<>();
            List<byte[]> s = new ArrayList<>();
            List<byte[]> p = new ArrayList<>();
            for (ByteBuffer nal : nals) {
                switch (codec.kind(nal)) {
                    case VPS -> v.add(AccessUnits.bytes(nal));
                    case SPS -> s.add(AccessUnits.bytes(nal));
                    case PPS -> p.add(AccessUnits.bytes(nal));
                    default -> {}
                }
            }
            if (s.isEmpty() && p.isEmpty() && v.isEmpty()) {
                return this;
            }
            return new Config(codec, v.isEmpty() ? vps : v, s.isEmpty() ? sps : s, p.isEmpty() ? pps : p, lengthSize);
        }
    }

    /** What a NAL unit is, as far as streaming cares. */
    enum Kind {
        VPS,
        SPS,
        PPS,
        DELIMITER,
        OTHER
    }

    /** The two codecs served, with their NAL header layouts. */
    enum Codec {
        H264(1, "H264"),
        H265(2, "H265");

        /** Bytes of the NAL unit header (RFC 6184: 1, RFC 7798: 2). */
        final int headerSize;
        /** The name in SDP's {@code rtpmap}. */
        final String rtpName;

        Codec(int headerSize, String rtpName) {
            this.headerSize = headerSize;
            this.rtpName = rtpName;
        }

        int type(ByteBuffer nal) {
            int b = nal.get(nal.position()) & 0xff;
            return this == H264 ? b & 0x1f : (b >> 1) & 0x3f;
        }

        Kind kind(ByteBuffer nal) {
            if (!nal.hasRemaining()) {
                return Kind.OTHER;
            }
            int t = type(nal);
            if (this == H264) {
                return switch (t) {
                    case 7 -> Kind.SPS;
                    case 8 -> Kind.PPS;
                    case 9 -> Kind.DELIMITER;
                    default -> Kind.OTHER;
                };
            }
            return switch (t) {
                case 32 -> Kind.VPS;
                case 33 -> Kind.SPS;
                case 34 -> Kind.PPS;
                case 35 -> Kind.DELIMITER;
                default -> Kind.OTHER;
            };
        }

        static Codec of(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "h264", "avc" -> H264;
                case "h265", "hevc" -> H265;
                default -> throw new IllegalArgumentException("RTSP serves H.264 and H.265, not " + name);
            };
        }
    }

    /** Reads a track's codec configuration: an {@code avcC}/{@code hvcC} record, or Annex B parameter sets. */
    static Config config(Codec codec, ByteBuffer extradata, boolean annexB) {
        ByteBuffer b = extradata.duplicate();
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        boolean record = b.remaining() >= 7 && b.get(b.position()) == 1;
        int lengthSize = annexB ? 0 : 4;
        if (record && codec == Codec.H264) {
            int p = b.position();
            lengthSize = annexB ? 0 : (b.get(p + 4) & 3) + 1;
            p += 5;
            int count = b.get(p++) & 0x1f;
            p = readSets(b, p, count, sps);
            if (p < b.limit()) {
                count = b.get(p++) & 0xff;
                readSets(b, p, count, pps);
            }
        } else if (record && codec == Codec.H265 && b.remaining() >= 23) {
            int p = b.position();
            lengthSize = annexB ? 0 : (b.get(p + 21) & 3) + 1;
            int arrays = b.get(p + 22) & 0xff;
            p += 23;
            for (int i = 0; i < arrays && p + 3 <= b.limit(); i++) {
                int type = b.get(p) & 0x3f;
                int count = ((b.get(p + 1) & 0xff) << 8) | (b.get(p + 2) & 0xff);
                List<byte[]> into = type == 32 ? vps : type == 33 ? sps : type == 34 ? pps : new ArrayList<>();
                p = readSets(b, p + 3, count, into);
            }
        } else {
            return new Config(codec, vps, sps, pps, lengthSize).learn(AccessUnits.annexB(b));
        }
        return new Config(codec, vps, sps, pps, lengthSize);
    }

    private static int readSets(ByteBuffer b, int p, int count, List<byte[]> into) {
        for (int i = 0; i < count && p + 2 <= b.limit(); i++) {
            int len = ((b.get(p) & 0xff) << 8) | (b.get(p + 1) & 0xff);
            p += 2;
            if (p + len > b.limit()) {
                break;
            }
            byte[] set = new byte[len];
            b.get(p, set);
            into.add(set);
            p += len;
        }
        return p;
    }
}
