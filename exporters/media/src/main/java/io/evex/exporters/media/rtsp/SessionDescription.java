package io.evex.exporters.media.rtsp;

import java.util.Base64;
import java.util.HexFormat;

/** The SDP of a stream (RFC 4566): its video track, with its parameter sets, and ONVIF's metadata track. */
final class SessionDescription {

    static final int VIDEO_TYPE = 96;
    static final int CLOCK = 90_000;

    private SessionDescription() {}

    /** @param metadataType the metadata track's payload type, or -1 for a stream without one */
    static String of(
            long session,
            int version,
            String host,
            String topic,
            NalUnits.Config config,
            int width,
            int height,
            double fps,
            int metadataType) {
        StringBuilder s = new StringBuilder(640);
        s.append("v=0\r\no=- ")
                .append(session)
                .append(' ')
                .append(version)
                .append(" IN IP4 ")
                .append(host);
        s.append("\r\ns=").append(topic).append("\r\n");
        s.append("c=IN IP4 0.0.0.0\r\nt=0 0\r\na=tool:Evex\r\na=range:npt=0-\r\na=control:*\r\n");
        s.append("m=video 0 RTP/AVP ").append(VIDEO_TYPE).append("\r\n");
        s.append("a=rtpmap:").append(VIDEO_TYPE).append(' ').append(config.codec().rtpName);
        s.append('/').append(CLOCK).append("\r\n");
        s.append("a=fmtp:").append(VIDEO_TYPE).append(' ').append(fmtp(config)).append("\r\n");
        if (width > 0 && height > 0) {
            s.append("a=x-dimensions:").append(width).append(',').append(height).append("\r\n");
        }
        if (fps > 0) {
            s.append("a=framerate:").append(Math.round(fps * 1000) / 1000.0).append("\r\n");
        }
        s.append("a=control:trackID=0\r\n");
        if (metadataType >= 0) {
            s.append("m=application 0 RTP/AVP ").append(metadataType).append("\r\n");
            s.append("a=rtpmap:")
                    .append(metadataType)
                    .append(" vnd.onvif.metadata/")
                    .append(CLOCK);
            s.append("\r\na=control:trackID=1\r\n");
        }
        return s.toString();
    }

    private static String fmtp(NalUnits.Config config) {
        Base64.Encoder b64 = Base64.getEncoder();
        if (config.codec() == NalUnits.Codec.H264) {
            byte[] sps = config.sps().get(0);
            String profileLevel = sps.length >= 4 ? HexFormat.of().formatHex(sps, 1, 4) : "42e01f";
            return "packetization-mode=1;profile-level-id=" + profileLevel + ";sprop-parameter-sets="
                    + b64.encodeToString(sps) + ","
                    + b64.encodeToString(config.pps().get(0));
        }
        return "sprop-vps=" + b64.encodeToString(config.vps().get(0)) + ";sprop-sps="
                + b64.encodeToString(config.sps().get(0)) + ";sprop-pps="
                + b64.encodeToString(config.pps().get(0));
    }
}
