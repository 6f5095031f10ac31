package io.evex.exporters.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Turns H.264 packets into an Annex B byte stream (start codes, parameter sets before every key
 * frame), the form a program reading raw H.264 from a pipe (GStreamer's {@code h264parse}) needs.
 * A camera's packets from MP4 files come length-prefixed with the parameter sets in the track's
 * {@code avcC} configuration; encoded or network packets are Annex B already.
 */
final class AnnexB {

    private static final byte[] START = {0, 0, 0, 1};

    private final boolean lengthPrefixed;
    private final int lengthSize;
    private final byte[] parameterSets;

    /**
     * @param extradata the track's codec configuration ({@code avcC} or Annex B parameter sets)
     * @param annexB whether packets already carry start codes
     */
    AnnexB(ByteBuffer extradata, boolean annexB) {
        ByteBuffer config = extradata.duplicate();
        this.lengthPrefixed = !annexB;
        if (!annexB && config.remaining() >= 7) {
            lengthSize = (config.get(config.position() + 4) & 3) + 1;
            parameterSets = avcCParameterSets(config);
        } else {
            lengthSize = 4;
            byte[] raw = new byte[config.remaining()];
            config.get(raw);
            parameterSets = raw;
        }
    }

    /** The {@code avcC} record's SPS and PPS, each behind a start code. */
    private static byte[] avcCParameterSets(ByteBuffer b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = b.position() + 5;
        int sps = b.get(p++) & 0x1f;
        for (int i = 0; i < sps && p + 2 <= b.limit(); i++) {
            int len = ((b.get(p) & 0xff) << 8) | (b.get(p + 1) & 0xff);
            p = copy(b, p + 2, len, out);
        }
        if (p < b.limit()) {
            int pps = b.get(p++) & 0xff;
            for (int i = 0; i < pps && p + 2 <= b.limit(); i++) {
                int len = ((b.get(p) & 0xff) << 8) | (b.get(p + 1) & 0xff);
                p = copy(b, p + 2, len, out);
            }
        }
        return out.toByteArray();
    }

    private static int copy(ByteBuffer b, int from, int len, ByteArrayOutputStream out) {
        out.write(START, 0, START.length);
        for (int i = 0; i < len && from + i < b.limit(); i++) {
            out.write(b.get(from + i));
        }
        return from + len;
    }

    /** One packet as Annex B bytes; key frames get the parameter sets in front. */
    byte[] convert(ByteBuffer packet, boolean keyframe) {
        ByteBuffer data = packet.duplicate();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.remaining() + parameterSets.length + 16);
        if (keyframe) {
            out.write(parameterSets, 0, parameterSets.length);
        }
        if (!lengthPrefixed) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            out.write(bytes, 0, bytes.length);
            return out.toByteArray();
        }
        while (data.remaining() > lengthSize) {
            int len = 0;
            for (int i = 0; i < lengthSize; i++) {
                len = (len << 8) | (data.get() & 0xff);
            }
            len = Math.min(len, data.remaining());
            out.write(START, 0, START.length);
            byte[] nal = new byte[len];
            data.get(nal);
            out.write(nal, 0, len);
        }
        return out.toByteArray();
    }
}
