package io.evex.exporters.media;

import static io.evex.exporters.media.RtspTesting.await;
import static io.evex.exporters.media.RtspTesting.freePort;
import static io.evex.exporters.media.RtspTesting.port;
import static io.evex.exporters.media.RtspTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.video.SourceUrl;
import io.evex.runtime.video.TestVideos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RTSP server read back by real players: ffprobe/ffmpeg over TCP and UDP, JavaCV, GStreamer; slow clients, outages, H.265. */
class RtspExporterTest {

    @TempDir
    Path dir;

    @Test
    void playersDecodeTheStreamOverTcpAndUdpAndTwoExportersShareAPort() throws Exception {
        int port = freePort();
        ChannelSettings lobby = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(lobby),
                "rtsp:bind=127.0.0.1,users=none,port=" + port,
                "rtsp:bind=127.0.0.1,users=none,port=" + port + ",topic=small/{obj.channel},width=320,fps=10")) {
            String url = "rtsp://127.0.0.1:" + port + "/lobby";
            await(() -> p.stats("rtsp").details().get("url.lobby") != null, "the stream to be served");
            assertEquals(url, p.stats("rtsp").details().get("url.lobby"));

            JsonNode tcp = MediaPipeline.probe(url, List.of("-rtsp_transport", "tcp", "-read_intervals", "%+2"));
            assertEquals("h264", tcp.get("codec").asText(), tcp.toString());
            assertEquals(640, tcp.get("width").asInt());
            assertEquals(360, tcp.get("height").asInt());
            assertTrue(tcp.get("frames").asInt() >= 40, "2 s at 25 fps: " + tcp);

            JsonNode udp = MediaPipeline.probe(
                    "rtsp://127.0.0.1:" + port + "/small/lobby",
                    List.of("-rtsp_transport", "udp", "-read_intervals", "%+2"));
            assertEquals(320, udp.get("width").asInt(), udp.toString());
            assertEquals(180, udp.get("height").asInt());
            assertTrue(udp.get("frames").asInt() >= 15, "2 s at 10 fps: " + udp);

            javaCvAndGstreamerPlayIt(url);

            Map<String, Object> status = p.stats("rtsp").details();
            assertTrue(((Number) status.get("bytes_sent.lobby")).longValue() > 0, status.toString());
            assertTrue(((Number) status.get("frames.lobby")).longValue() > 50, status.toString());
        }
    }

    @Test
    void aStalledClientLosesFramesWhileEightOthersKeepDecoding() throws Exception {
        // Noise keeps the encoder at its bitrate, so the stalled client's buffers fill in seconds.
        ChannelSettings busy = ChannelSettings.of("busy", "lavfi:testsrc2=size=640x360:rate=25,noise=alls=30:allf=t");
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(busy),
                "rtsp:bind=127.0.0.1,users=none,port=0,width=640,bitrate_kbps=4000,keyframe_interval=1s")) {
            int port = port(p);
            String url = "rtsp://127.0.0.1:" + port + "/busy";
            await(() -> p.stats("rtsp").details().get("url.busy") != null, "the stream to be served");
            double alone = decode(url, 4).seconds;
            try (RawRtspClient stalled = new RawRtspClient(port, "busy", 4096)) {
                assertEquals(200, stalled.play().status());
                await(() -> dropped(p) > 0, "the stalled client to lose frames");
                long droppedBefore = dropped(p);

                List<Decoded> eight = decodeConcurrently(url, 4, 8);
                for (Decoded d : eight) {
                    assertTrue(d.frames >= 95, "4 s at 25 fps each: " + eight);
                    assertTrue(
                            d.seconds < alone + 3, "one client alone took " + alone + " s; with the stall: " + eight);
                }
                assertTrue(dropped(p) > droppedBefore, "the stalled client keeps losing frames, counted");
                System.out.printf(
                        "rtsp: one client alone %.2f s for 4 s of video; 8 beside a stalled client: %s%n",
                        alone, eight);
            }
        }
    }

    @Test
    void aClientStaysConnectedThroughAnOutageSeeingNoSignalThenLiveAgain() throws Exception {
        int sourcePort = freePort();
        Path clip = clip("live.mp4", "-c:v", "libx264", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p");
        Process source = serveOverTcp(clip, sourcePort);
        ChannelSettings cam =
                ChannelSettings.of("cam", "tcp://127.0.0.1:" + sourcePort).withReconnect(300, 600, 5_000);
        try (MediaPipeline p = new MediaPipeline(dir, List.of(cam), "rtsp:bind=127.0.0.1,users=none,port=0")) {
            int port = port(p);
            await(() -> p.stats("rtsp").details().get("url.cam") != null, "the stream to be served");
            Path log = dir.resolve("client.log");
            Process client = new ProcessBuilder(
                            "ffmpeg",
                            "-nostdin",
                            "-v",
                            "info",
                            "-rtsp_transport",
                            "tcp",
                            "-i",
                            "rtsp://127.0.0.1:" + port + "/cam",
                            "-t",
                            "12",
                            "-vf",
                            "showinfo",
                            "-f",
                            "null",
                            "-")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                Thread.sleep(3_000);
                source.destroy();
                source.waitFor(5, TimeUnit.SECONDS);
                await(() -> Boolean.TRUE.equals(p.stats("rtsp").details().get("no_signal.cam")), "no signal");
                Thread.sleep(3_000);
                source = serveOverTcp(clip, sourcePort);
                await(() -> Boolean.FALSE.equals(p.stats("rtsp").details().get("no_signal.cam")), "live again");
                assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client ends after its 12 s");
            } finally {
                client.destroyForcibly();
                source.destroyForcibly();
            }
            List<String> kinds = phases(log);
            assertEquals(List.of("live", "no-signal", "live"), kinds, "one connection, three phases: " + log);
        }
    }

    @Test
    void anH265CameraIsServedAsItIsOverRfc7798() throws Exception {
        Path hevc = clip("hevc.mp4", "-c:v", "libx265", "-x265-params", "log-level=none:keyint=25", "-tag:v", "hvc1");
        ChannelSettings cam = ChannelSettings.of("h", hevc.toString());
        try (MediaPipeline p = new MediaPipeline(dir, List.of(cam), "rtsp:bind=127.0.0.1,users=none,port=0")) {
            int port = port(p);
            await(() -> p.stats("rtsp").details().get("url.h") != null, "the stream to be served");
            String url = "rtsp://127.0.0.1:" + port + "/h";
            JsonNode info = MediaPipeline.probe(url, List.of("-rtsp_transport", "udp", "-read_intervals", "%+2"));
            assertEquals("hevc", info.get("codec").asText(), info.toString());
            assertEquals(640, info.get("width").asInt());
            assertTrue(info.get("frames").asInt() >= 40, info.toString());
            assertEquals("H265 640x360", p.stats("rtsp").details().get("video.h"));
            run(
                    30,
                    "gst-launch-1.0",
                    "-q",
                    "rtspsrc",
                    "location=" + url,
                    "!",
                    "rtph265depay",
                    "!",
                    "avdec_h265",
                    "!",
                    "fakesink",
                    "num-buffers=30");
        }
    }

    // --- helpers

    private record Decoded(int frames, double seconds) {
        @Override
        public String toString() {
            return frames + " frames in " + Math.round(seconds * 100) / 100.0 + " s";
        }
    }

    private static Decoded decode(String url, int seconds) throws Exception {
        return decodeConcurrently(url, seconds, 1).get(0);
    }

    /** {@code n} ffmpeg clients read {@code seconds} of the stream at once; frames decoded and wall time each. */
    private static List<Decoded> decodeConcurrently(String url, int seconds, int n) throws Exception {
        List<Process> clients = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            starts.add(System.nanoTime());
            clients.add(new ProcessBuilder(
                            "ffmpeg",
                            "-nostdin",
                            "-v",
                            "error",
                            "-stats_period",
                            "0.5",
                            "-progress",
                            "pipe:1",
                            "-rtsp_transport",
                            "tcp",
                            "-i",
                            url,
                            "-t",
                            String.valueOf(seconds),
                            "-f",
                            "null",
                            "-")
                    .redirectErrorStream(true)
                    .start());
        }
        List<Decoded> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Process c = clients.get(i);
            String out = new String(c.getInputStream().readAllBytes());
            assertTrue(c.waitFor(60, TimeUnit.SECONDS), "client " + i + " did not finish");
            double took = (System.nanoTime() - starts.get(i)) / 1e9;
            assertEquals(0, c.exitValue(), out);
            Matcher m = Pattern.compile("frame=(\\d+)").matcher(out);
            int frames = 0;
            while (m.find()) {
                frames = Integer.parseInt(m.group(1));
            }
            results.add(new Decoded(frames, took));
        }
        return results;
    }

    private static long dropped(MediaPipeline p) {
        Object d = p.stats("rtsp").details().get("frames_dropped.busy");
        return d == null ? 0 : ((Number) d).longValue();
    }

    /** Two more clients, JavaCV and GStreamer, decode the stream at {@code url}. */
    private static void javaCvAndGstreamerPlayIt(String url) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
            grabber.setOption("rtsp_transport", "tcp");
            grabber.start();
            for (int i = 0; i < 10; i++) {
                Frame f = grabber.grabImage();
                assertNotNull(f, "JavaCV frame " + i);
                assertEquals(640, f.imageWidth);
                assertEquals(360, f.imageHeight);
            }
            grabber.stop();
        }

        String gst = run(
                30,
                "gst-launch-1.0",
                "rtspsrc",
                "location=" + url,
                "protocols=tcp",
                "!",
                "rtph264depay",
                "!",
                "avdec_h264",
                "!",
                "fakesink",
                "num-buffers=50");
        // 50 pictures decoded, then the end of the stream; rtspsrc may still complain while it
        // tears the session down (seen under load, with exit code 0): only what comes before counts.
        int eos = gst.indexOf("Got EOS from element");
        assertTrue(eos >= 0, "gst decoded 50 pictures: " + gst);
        assertFalse(gst.substring(0, eos).contains("ERROR"), gst);
    }

    /** What a client showed, frame by frame from ffmpeg's showinfo, as phases: live or the no-signal slate. */
    private static List<String> phases(Path log) throws Exception {
        List<String> kinds = new ArrayList<>();
        double lastPts = -1;
        Pattern frame = Pattern.compile("pts_time:([0-9.]+).*mean:\\[(\\d+) (\\d+) (\\d+)\\]");
        for (String line : Files.readAllLines(log)) {
            Matcher m = frame.matcher(line);
            if (!m.find()) {
                continue;
            }
            double pts = Double.parseDouble(m.group(1));
            // (ffmpeg's RTSP reader gives its very first packet no time stamp: frames 0 and 1 both show 0)
            assertTrue(pts > lastPts || pts == 0, "time stamps only grow: " + pts + " after " + lastPts);
            lastPts = pts;
            boolean slate = m.group(3).equals("128") && m.group(4).equals("128") && Integer.parseInt(m.group(2)) < 70;
            String kind = slate ? "no-signal" : "live";
            if (kinds.isEmpty() || !kinds.get(kinds.size() - 1).equals(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private Path clip(String name, String... codec) throws Exception {
        Path clip = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "4"));
        args.addAll(List.of(codec));
        args.add(clip.toString());
        TestVideos.ffmpeg(args.toArray(String[]::new));
        return clip;
    }

    /** A camera stand-in: ffmpeg serving the clip in a loop, in real time, as MPEG-TS to one TCP client. */
    private static Process serveOverTcp(Path clip, int port) throws IOException {
        return new ProcessBuilder(
                        "ffmpeg",
                        "-nostdin",
                        "-v",
                        "error",
                        "-re",
                        "-stream_loop",
                        "-1",
                        "-i",
                        clip.toString(),
                        "-c",
                        "copy",
                        "-f",
                        "mpegts",
                        "tcp://127.0.0.1:" + port + "?listen=1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
