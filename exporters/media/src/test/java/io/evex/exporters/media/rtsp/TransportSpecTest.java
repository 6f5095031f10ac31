package io.evex.exporters.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The Transport header variants real clients send in SETUP. */
class TransportSpecTest {

    @Test
    void ffmpegAndGstreamerForms() {
        assertEquals(new TransportSpec(true, 0, 1), TransportSpec.choose("RTP/AVP/TCP;unicast;interleaved=0-1"));
        assertEquals(
                new TransportSpec(false, 5000, 5001),
                TransportSpec.choose("RTP/AVP/UDP;unicast;client_port=5000-5001"));
        assertEquals(
                new TransportSpec(false, 6970, 6971),
                TransportSpec.choose("RTP/AVP;unicast;client_port=6970-6971;mode=play"));
    }

    @Test
    void tolerantForms() {
        assertEquals(new TransportSpec(true, 0, 1), TransportSpec.choose("RTP/AVP/TCP;unicast"), "no interleaved: 0-1");
        assertEquals(new TransportSpec(true, 4, 5), TransportSpec.choose("rtp/avp/tcp;interleaved=4-5"), "case");
        assertEquals(
                new TransportSpec(false, 7000, 7001), TransportSpec.choose("RTP/AVP;client_port=7000"), "one port");
        assertEquals(
                new TransportSpec(true, 2, 3),
                TransportSpec.choose("RTP/AVP;multicast;port=5000-5001, RTP/AVP/TCP;unicast;interleaved=2-3"),
                "the first entry we can serve");
    }

    @Test
    void unservableForms() {
        assertNull(TransportSpec.choose(null));
        assertNull(TransportSpec.choose("RTP/AVP;multicast"));
        assertNull(TransportSpec.choose("RTP/SAVP;unicast;client_port=1-2"));
        assertNull(TransportSpec.choose("RTP/AVP;unicast"), "UDP needs the client's ports");
    }
}
