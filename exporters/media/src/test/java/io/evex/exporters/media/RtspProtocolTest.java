package io.evex.exporters.media;

import static io.evex.exporters.media.RtspTesting.await;
import static io.evex.exporters.media.RtspTesting.port;
import static io.evex.exporters.media.RtspTesting.runFailing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.video.SourceUrl;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RTSP server's protocol as a bare socket sees it, and its logins as ffprobe meets them. */
class RtspProtocolTest {

    @TempDir
    Path dir;

    @Test
    void theProtocolAsOnTheWire() throws Exception {
        ChannelSettings lobby = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p = new MediaPipeline(dir, List.of(lobby), "rtsp:bind=127.0.0.1,users=none,port=0")) {
            int port = port(p);
            await(() -> p.stats("rtsp").details().get("url.lobby") != null, "the stream to be served");
            Thread.sleep(1_500); // mid-GOP: the joiner must still start at a key frame
            try (RawRtspClient c = new RawRtspClient(port, "lobby", 0)) {
                optionsAndDescribe(c, port);
                Matcher info = setupAndPlay(c);
                theStreamStartsAtAKeyFrameWithReports(c, info);
                pausePlayAndTeardown(c, p);
            }
        }
    }

    @Test
    void onlyTheConnectionThatMadeASessionControlsIt() throws Exception {
        ChannelSettings lobby = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p = new MediaPipeline(dir, List.of(lobby), "rtsp:bind=127.0.0.1,users=none,port=0")) {
            int port = port(p);
            await(() -> p.stats("rtsp").details().get("url.lobby") != null, "the stream to be served");
            try (RawRtspClient owner = new RawRtspClient(port, "lobby", 0);
                    java.net.Socket other = new java.net.Socket("127.0.0.1", port)) {
                assertEquals(200, owner.play().status());
                assertTrue(owner.session().matches("[0-9a-f]{32}"), "128 random bits: " + owner.session());
                other.setSoTimeout(10_000);
                other.getOutputStream()
                        .write(("TEARDOWN " + owner.url() + "/ RTSP/1.0\r\nCSeq: 1\r\nSession: " + owner.session()
                                        + "\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new java.io.BufferedReader(new java.io.InputStreamReader(
                                other.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                        .readLine();
                assertEquals("RTSP/1.0 454 Session Not Found", answer);
                // the owner's session still plays
                RawRtspClient.Frame next = owner.readFrame();
                assertTrue(next.data().length > 0);
                assertEquals(200, owner.request("TEARDOWN", owner.url() + "/").status());
            }
        }
    }

    /** Without users, a login is still needed: an API token that reaches the channel is the password. */
    @Test
    void byDefaultApiTokensLogInToTheirChannelsOnly() throws Exception {
        String admin = "evx-rtsp-test-admin-0123456789";
        try (MediaPipeline p = new MediaPipeline(
                dir, admin, List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE)), "rtsp:bind=127.0.0.1,port=0")) {
            int port = port(p);
            await(() -> p.stats("rtsp").details().get("url.lobby") != null, "the stream to be served");
            String none = runFailing("ffprobe", "-v", "error", "rtsp://127.0.0.1:" + port + "/lobby");
            assertTrue(none.contains("401"), none);
            String other = runFailing("ffprobe", "-v", "error", "rtsp://evex:not-a-token@127.0.0.1:" + port + "/lobby");
            assertTrue(other.contains("401"), other);
            JsonNode plays = MediaPipeline.probe(
                    "rtsp://viewer:" + admin + "@127.0.0.1:" + port + "/lobby",
                    List.of("-rtsp_transport", "tcp", "-read_intervals", "%+1"));
            assertEquals("h264", plays.get("codec").asText(), plays.toString());
        }
    }

    @Test
    void wrongCredentialsGet401AndRightOnesPlay() throws Exception {
        ChannelSettings lobby = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p =
                new MediaPipeline(dir, List.of(lobby), "rtsp:bind=127.0.0.1,port=0,users=alice:s3cret;bob:hunter2")) {
            int port = port(p);
            await(() -> p.stats("rtsp").details().get("url.lobby") != null, "the stream to be served");
            String none = runFailing("ffprobe", "-v", "error", "rtsp://127.0.0.1:" + port + "/lobby");
            assertTrue(none.contains("401"), none);
            String wrong = runFailing("ffprobe", "-v", "error", "rtsp://alice:guess@127.0.0.1:" + port + "/lobby");
            assertTrue(wrong.contains("401"), wrong);

            JsonNode ok = MediaPipeline.probe(
                    "rtsp://bob:hunter2@127.0.0.1:" + port + "/lobby",
                    List.of("-rtsp_transport", "tcp", "-read_intervals", "%+1"));
            assertEquals(640, ok.get("width").asInt(), ok.toString());
            try (RawRtspClient c = new RawRtspClient(port, "lobby", 0)) {
                String basic = Base64.getEncoder().encodeToString("alice:s3cret".getBytes());
                assertEquals(401, c.request("DESCRIBE", c.url()).status());
                assertEquals(
                        401,
                        c.request("DESCRIBE", "rtsp://127.0.0.1:" + port + "/no-such-camera")
                                .status(),
                        "without a login a path that does not exist looks like one that does");
                assertEquals(
                        200,
                        c.request("DESCRIBE", c.url(), "Authorization: Basic " + basic)
                                .status());
            }
            assertTrue(((Number) p.stats("rtsp").details().get("auth_failures")).longValue() >= 1);
            assertFalse(p.stats("rtsp").details().toString().contains("s3cret"), "no secret in the status");
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    private static void optionsAndDescribe(RawRtspClient c, int port) throws Exception {
        RawRtspClient.Response options = c.request("OPTIONS", c.url());
        assertEquals(200, options.status());
        assertTrue(
                options.header("public").contains("GET_PARAMETER"),
                options.headers().toString());

        assertEquals(
                404,
                c.request("DESCRIBE", "rtsp://127.0.0.1:" + port + "/nowhere").status());
        RawRtspClient.Response describe = c.request("DESCRIBE", c.url(), "Accept: application/sdp");
        assertEquals(200, describe.status());
        assertEquals("application/sdp", describe.header("content-type"));
        assertTrue(describe.body().contains("a=rtpmap:96 H264/90000"), describe.body());
        assertTrue(describe.body().matches("(?s).*profile-level-id=4d[0-9a-f]{4}.*"), describe.body());
        assertTrue(describe.body().contains("sprop-parameter-sets="), describe.body());
    }

    /** SETUP over TCP, then PLAY; returns RTP-Info's seq and rtptime. */
    private static Matcher setupAndPlay(RawRtspClient c) throws Exception {
        RawRtspClient.Response setup =
                c.request("SETUP", c.url() + "/trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertEquals(200, setup.status());
        assertTrue(setup.header("transport").startsWith("RTP/AVP/TCP;unicast;interleaved=0-1"));
        assertTrue(setup.header("session").endsWith(";timeout=60"), setup.header("session"));

        RawRtspClient.Response play = c.request("PLAY", c.url() + "/");
        assertEquals(200, play.status());
        Matcher info = Pattern.compile("seq=(\\d+);rtptime=(\\d+)").matcher(play.header("rtp-info"));
        assertTrue(info.find(), play.header("rtp-info"));
        return info;
    }

    /** A sender report first, then the joiner's first packet (as RTP-Info said) at a key frame, no gap. */
    private static void theStreamStartsAtAKeyFrameWithReports(RawRtspClient c, Matcher info) throws Exception {
        RawRtspClient.Frame opening = c.readFrame();
        assertEquals(1, opening.channel(), "a sender report comes first, on the RTCP channel");
        assertEquals(200, opening.data()[1] & 0xff, "RTCP SR");
        RawRtspClient.Frame first = c.readFrame();
        assertEquals(0, first.channel());
        assertEquals(Integer.parseInt(info.group(1)), u16(first.data(), 2), "RTP-Info's seq is the first packet's");
        assertEquals(Long.parseLong(info.group(2)), u32(first.data(), 4), "and its rtptime");
        assertEquals(7, first.data()[12] & 0x1f, "a joiner starts with the SPS of a key frame");
        int lastSeq = u16(first.data(), 2);
        boolean report = false;
        boolean sawIdr = false;
        long deadline = System.currentTimeMillis() + 8_000;
        while (!report && System.currentTimeMillis() < deadline) {
            RawRtspClient.Frame f = c.readFrame();
            if (f.channel() == 1) {
                report = (f.data()[1] & 0xff) == 200;
                continue;
            }
            assertTrue(f.data().length - 12 <= 1400, "payload " + (f.data().length - 12));
            int seq = u16(f.data(), 2);
            assertEquals((lastSeq + 1) & 0xffff, seq, "no gap for a client that keeps up");
            lastSeq = seq;
            int type = f.data()[12] & 0x1f;
            sawIdr |= type == 5 || (type == 28 && (f.data()[13] & 0x1f) == 5);
        }
        assertTrue(sawIdr, "the key frame itself follows its parameter sets");
        assertTrue(report, "sender reports every 5 s");
    }

    private static void pausePlayAndTeardown(RawRtspClient c, MediaPipeline p) throws Exception {
        RawRtspClient.Response pause = c.request("PAUSE", c.url() + "/");
        assertEquals(200, pause.status());
        assertEquals(200, c.request("PLAY", c.url() + "/").status());
        RawRtspClient.Frame resumed = c.readFrame();
        while (resumed.channel() == 1) {
            resumed = c.readFrame();
        }
        assertEquals(7, resumed.data()[12] & 0x1f, "after PAUSE, play resumes at a key frame");

        assertEquals(200, c.request("GET_PARAMETER", c.url() + "/").status());
        assertEquals(200, c.request("SET_PARAMETER", c.url() + "/").status());
        assertEquals(1, ((Number) p.stats("rtsp").details().get("sessions.lobby")).intValue());
        assertEquals(200, c.request("TEARDOWN", c.url() + "/").status());
        assertEquals(0, ((Number) p.stats("rtsp").details().get("sessions.lobby")).intValue(), "TEARDOWN frees it");
        assertEquals(454, c.request("PLAY", c.url() + "/").status(), "the session is gone");
    }
}
