package io.evex.exporters.media.rtsp;

import java.util.Locale;

/** A chosen entry of a SETUP's Transport header. */
record TransportSpec(boolean tcp, int first, int second) {

    /**
     * Picks the first unicast RTP/AVP entry a client offers (entries are comma-separated, in its
     * order of preference). Tolerates {@code RTP/AVP/UDP}, missing {@code unicast}, a single
     * client port, and TCP without {@code interleaved} (channels 0-1 then).
     */
    static TransportSpec choose(String header) {
        if (header == null) {
            return null;
        }
        for (String entry : header.split(",")) {
            TransportSpec spec = parse(entry.trim());
            if (spec != null) {
                return spec;
            }
        }
        return null;
    }

    private static TransportSpec parse(String entry) {
        String[] parts = entry.split(";");
        String protocol = parts[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp = protocol.equals("RTP/AVP/TCP");
        if (!tcp && !protocol.equals("RTP/AVP") && !protocol.equals("RTP/AVP/UDP")) {
            return null;
        }
        int[] ports = null;
        int[] channels = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            String lower = p.toLowerCase(Locale.ROOT);
            if (lower.equals("multicast")) {
                return null;
            }
            if (lower.startsWith("client_port=")) {
                ports = range(p.substring("client_port=".length()));
            } else if (lower.startsWith("interleaved=")) {
                channels = range(p.substring("interleaved=".length()));
            }
        }
        if (tcp) {
            int[] c = channels == null ? new int[] {0, 1} : channels;
            return c[0] >= 0 && c[0] <= 255 && c[1] >= 0 && c[1] <= 255 ? new TransportSpec(true, c[0], c[1]) : null;
        }
        return ports == null || ports[0] <= 0 || ports[0] > 65535 ? null : new TransportSpec(false, ports[0], ports[1]);
    }

    private static int[] range(String value) {
        try {
            String[] ab = value.trim().split("-");
            int a = Integer.parseInt(ab[0].trim());
            int b = ab.length > 1 ? Integer.parseInt(ab[1].trim()) : a + 1;
            return new int[] {a, Math.min(b, 65535)};
        } catch (NumberFormatException e) {
            return new int[] {-1, -1};
        }
    }
}
