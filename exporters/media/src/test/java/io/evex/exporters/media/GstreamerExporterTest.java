package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.PermanentExportException;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CVEDIA-RT's GStreamer pipelines run by gst-launch-1.0, read back with ffprobe. */
class GstreamerExporterTest {

    /** CVEDIA-RT's RTMP example, verbatim but for the server's port. */
    private static final String CVEDIA_RTMP =
            "gstreamer:///appsrc name=cvedia-rt ! videoconvert ! x264enc speed-preset=1 ! "
                    + "video/x-h264,profile=baseline ! flvmux latency=0 start-time-selection=1 streamable=true ! "
                    + "rtmpsink location='rtmp://127.0.0.1:%d/live/cam0 live=true'";

    @TempDir
    Path dir;

    @BeforeEach
    void needsGstreamer() {
        if (!Files.isExecutable(Path.of("/usr/bin/gst-launch-1.0"))) {
            fail("these tests need GStreamer: apt-get install " + GstreamerExporter.PACKAGES);
        }
    }

    @Test
    void aFilesinkPipelineGetsEveryFrameOfTheChannel() throws Exception {
        Path out = dir.resolve("gst.mp4");
        ChannelSettings once =
                ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(false).withRealtime(false);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(once),
                "gstreamer:pipeline=appsrc name=cvedia-rt ! "
                        + "videoconvert ! x264enc speed-preset=1 ! h264parse ! mp4mux ! filesink location=" + out)) {
            p.awaitChannels(60_000);
        }
        JsonNode info = MediaPipeline.probe(out.toString());
        assertEquals("h264", info.get("codec").asText(), info.toString());
        assertEquals(640, info.get("width").asInt());
        assertEquals(360, info.get("height").asInt());
        assertEquals(200, info.get("frames").asInt(), "every frame of the 8 s sample: " + info);
    }

    @Test
    void cvediasRtmpExampleReachesNginxRtmp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process nginx = RtmpExporterTest.startNginx(dir, port);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(ChannelSettings.of("cam0", SourceUrl.SAMPLE)),
                "gstreamer:pipeline=" + CVEDIA_RTMP.formatted(port))) {
            JsonNode info = null;
            long deadline =
                    System.currentTimeMillis() + 40_000; // x264enc's look-ahead delays the first output by seconds
            while (info == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(1_000);
                try {
                    info = MediaPipeline.probe(
                            "rtmp://127.0.0.1:" + port + "/live/cam0", List.of("-read_intervals", "%+2"));
                    if (info.get("frames").asInt() == 0) {
                        info = null;
                    }
                } catch (Exception notYet) {
                    // the stream is not published yet
                }
            }
            assertTrue(
                    info != null,
                    "nothing reached nginx-rtmp: " + p.stats("gstreamer").details());
            assertEquals("h264", info.get("codec").asText(), info.toString());
            assertEquals(640, info.get("width").asInt());
            assertEquals(360, info.get("height").asInt());
        } finally {
            nginx.destroy();
            nginx.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPipelineThatDiesIsStartedAgainAtAKeyFrame() throws Exception {
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE)),
                "gstreamer:pipeline=appsrc name=cvedia-rt ! fakesink")) {
            long first = waitForPid(p, -1);
            ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
            long second = waitForPid(p, first);
            assertTrue(second != first, "a new program after the back-off");
            assertTrue(
                    (long) p.stats("gstreamer").details().getOrDefault("pipeline_failures", 0L) >= 1,
                    p.stats("gstreamer").details().toString());
        }
    }

    /** The pid of the channel's pipeline once it is another than {@code not}. */
    private static long waitForPid(MediaPipeline p, long not) throws Exception {
        Waits.until(
                "a pipeline other than " + not,
                Duration.ofSeconds(20),
                () -> p.stats("gstreamer").details().get("pid.lobby") instanceof Number n && n.longValue() != not);
        return ((Number) p.stats("gstreamer").details().get("pid.lobby")).longValue();
    }

    @Test
    void aPipelineWithoutTheAppsrcIsRefusedWithTheReason() {
        PermanentExportException e = assertThrows(
                PermanentExportException.class, () -> GstreamerExporter.pipeline("videotestsrc ! fakesink"));
        assertTrue(e.getMessage().contains("it must contain 'appsrc name=cvedia-rt'"), e.getMessage());
        assertThrowsNothing(
                () -> GstreamerExporter.pipeline("gstreamer:///appsrc name=cvedia-rt is-live=true ! fakesink"));
    }

    private static void assertThrowsNothing(ThrowingRunnable r) {
        try {
            List<String> words = r.run();
            assertEquals("fdsrc", words.get(0), words.toString());
            assertEquals("fakesink", words.get(words.size() - 1), words.toString());
        } catch (Exception e) {
            fail(e);
        }
    }

    private interface ThrowingRunnable {
        List<String> run() throws Exception;
    }
}
