package io.evex.runtime.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.http.HttpService;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.testing.Waits;
import io.evex.schemas.EventCatalog;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channels on real video: the bundled sample, clips made by the ffmpeg CLI, FFmpeg test sources and a dead camera. */
class ChannelTest {

    private static final EventCatalog CATALOG = EventCatalog.load();

    @TempDir
    Path dir;

    private final List<ObjectNode> events = new CopyOnWriteArrayList<>();

    private Channel channel(ChannelSettings settings) {
        return new Channel(settings, events::add, new EventEnvelope(), ChannelListener.NONE).start();
    }

    private List<JsonNode> ofType(String type) {
        return events.stream()
                .filter(e -> e.get("$id").asText().equals(type))
                .map(e -> (JsonNode) e)
                .toList();
    }

    private void assertAllValid() {
        for (ObjectNode e : events) {
            assertEquals(List.of(), CATALOG.validate(e, "channel", 0), e.toString());
        }
    }

    @Test
    void theSampleIsDecodedOnceEndToEndAndItsMovingObjectIsFound() throws Exception {
        Channel c = channel(
                ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(false).withRealtime(false));
        assertTrue(c.await(30_000), "the sample did not finish");
        assertEquals(200, c.framesDecoded(), "8 s at 25 fps");
        List<JsonNode> status = ofType("channel-status");
        assertEquals("online", status.get(0).get("status").asText());
        assertTrue(
                status.get(0).get("reason").asText().contains("h264 640x360 at 25.0 fps"),
                status.get(0).toString());
        assertEquals("offline", status.get(status.size() - 1).get("status").asText());
        assertTrue(status.get(status.size() - 1).get("reason").asText().startsWith("end of"), status.toString());

        // The red object crosses between 2 s and 6 s: events only then, one per second at most (cool-down 1 s).
        List<JsonNode> motion = ofType("event-motion");
        assertTrue(motion.size() >= 3 && motion.size() <= 5, motion.size() + " motion events: " + motion);
        for (JsonNode m : motion) {
            double t = m.get("frame_time").asDouble();
            assertTrue(t >= 1.9 && t <= 6.2, "motion at " + t + " s");
            JsonNode box = m.get("regions").get(0).get("box");
            // The object is 60x90 px at y=140 on 640x360: its box must sit at that height, and be about that tall.
            assertTrue(Math.abs(box.get("t").asDouble() - 140 / 360.0) < 0.06, box.toString());
            assertTrue(Math.abs(box.get("h").asDouble() - 90 / 360.0) < 0.08, box.toString());
            assertTrue(box.get("w").asDouble() < 0.4, box.toString());
        }
        for (int i = 1; i < motion.size(); i++) {
            assertTrue(motion.get(i).get("frame_time").asDouble()
                            - motion.get(i - 1).get("frame_time").asDouble()
                    >= 0.99);
        }
        assertAllValid();
    }

    @Test
    void aStillNoisySceneGivesNoMotionEvents() throws Exception {
        Path clip = TestVideos.staticClip(dir, 6);
        Channel c = channel(
                ChannelSettings.of("still", clip.toString()).withLoop(false).withRealtime(false));
        assertTrue(c.await(30_000));
        assertEquals(150, c.framesDecoded());
        assertEquals(List.of(), ofType("event-motion"));
    }

    @Test
    void higherSensitivityFindsFainterChange() throws Exception {
        // A faint grey square (6 grey levels brighter) appears at 1 s: invisible at sensitivity 0.5, seen at 1.0.
        Path clip = dir.resolve("faint.mp4");
        TestVideos.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=c=0x505050:s=320x240:r=25:d=3,drawbox=x=100:y=80:w=80:h=80:c=0x5c5c5c:t=fill:enable='gte(t,1)',format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-qp",
                "0",
                clip.toString());
        Channel normal = channel(
                ChannelSettings.of("normal", clip.toString()).withLoop(false).withRealtime(false));
        assertTrue(normal.await(30_000));
        assertEquals(0, normal.motionEvents());
        MotionSettings keen = new MotionSettings(true, 1.0, 0.002, 1000, 10, 160);
        Channel sensitive = channel(ChannelSettings.of("keen", clip.toString())
                .withLoop(false)
                .withRealtime(false)
                .withMotion(keen));
        assertTrue(sensitive.await(30_000));
        assertTrue(sensitive.motionEvents() >= 1, "nothing found at sensitivity 1");
    }

    @Test
    void aLoopingFileKeepsItsClockGoingAndFillsTheCacheWithinItsLimit() throws Exception {
        Channel c = channel(
                ChannelSettings.of("loop", SourceUrl.SAMPLE).withRealtime(false).withCache(300, 0, 256));
        Waits.until("450 frames decoded", Duration.ofSeconds(30), () -> c.framesDecoded() >= 450);
        VideoFrame latest = c.cache().latest();
        try {
            assertTrue(latest.frameId() >= 450, "frame " + latest.frameId());
            assertTrue(latest.ptsMicros() > 17_000_000, "the third loop continues the clock: " + latest.ptsMicros());
            assertEquals(640, latest.width());
        } finally {
            latest.release();
        }
        assertTrue(
                c.cache().size() <= 300 && c.cache().size() >= 250,
                "cache holds " + c.cache().size());
        c.stop(5_000);
        assertTrue(c.finished());
        // Motion events come again in every loop.
        assertTrue(ofType("event-motion").size() >= 6, ofType("event-motion").size() + " motion events");
    }

    @Test
    void aChannelThatOnlyCachesKeepsPacketsNotPixelsAndDecodesPastFramesOnDemand() throws Exception {
        ChannelSettings settings = ChannelSettings.of("past", SourceUrl.SAMPLE)
                .withMotion(new MotionSettings(false, 0.5, 0.002, 1000, 10, 160))
                .withCache(100, 0, 256);
        Channel c = channel(settings);
        long started = System.currentTimeMillis();
        Thread.sleep(3_000); // about 75 frames at the sample's own pace
        FrameCache cache = c.cache();
        assertEquals(0, c.framesDecoded(), "nothing needs pixels: the channel does not decode");
        int kept = cache.size();
        assertTrue(kept >= 25 && kept <= 100, kept + " packets");
        assertTrue(cache.bytes() < 200_000, "compressed: " + cache.bytes() + " bytes for " + kept + " frames");

        VideoFrame latest = cache.latest();
        try {
            assertEquals(640, latest.width());
            assertEquals(360, latest.height());
        } finally {
            latest.release();
        }
        long from = started + 1_000;
        long to = started + 1_500;
        List<VideoFrame> past = cache.between(from, to);
        try {
            assertTrue(past.size() >= 4 && past.size() <= 25, past.size() + " frames in half a second at 25 fps");
            for (int i = 0; i < past.size(); i++) {
                VideoFrame f = past.get(i);
                assertTrue(f.epochMillis() >= from && f.epochMillis() <= to, "frame at " + f.epochMillis());
                assertEquals(640, f.width());
                if (i > 0) {
                    assertEquals(past.get(i - 1).frameId() + 1, f.frameId(), "consecutive frames");
                    assertEquals(40_000, f.ptsMicros() - past.get(i - 1).ptsMicros(), "25 fps apart");
                }
            }
        } finally {
            past.forEach(VideoFrame::release);
        }
        VideoFrame at = cache.at(to);
        try {
            assertTrue(
                    at.epochMillis() <= to && at.epochMillis() > to - 500,
                    "the frame shown at " + to + ": " + at.epochMillis());
        } finally {
            at.release();
        }
        c.stop(5_000);
    }

    @Test
    void aTestSourcePlaysInRealTimeAndReportsStatistics() throws Exception {
        Channel c = channel(ChannelSettings.of("bars", "lavfi:testsrc2=size=320x240:rate=25")
                .withStatistics(500));
        Thread.sleep(2_200);
        long frames = c.framesDecoded();
        c.stop(5_000);
        assertTrue(frames >= 40 && frames <= 60, "real time at 25 fps for ~2 s gave " + frames + " frames");
        List<JsonNode> stats = ofType("statistics");
        assertTrue(stats.size() >= 3, stats.toString());
        JsonNode last = stats.get(stats.size() - 1);
        assertTrue(Math.abs(last.get("frame_rate").asDouble() - 25) < 4, last.toString());
        assertTrue(last.get("queue_sizes").has("frame_cache"), last.toString());
        assertEquals("wrapped_avframe", c.info().codec(), "lavfi hands over decoded frames");
        assertAllValid();
    }

    @Test
    void aCameraThatRefusesIsRetriedWithBackOffAndReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Channel c = channel(ChannelSettings.of("door", "rtsp://user:secret@127.0.0.1:" + port + "/live")
                .withReconnect(100, 400, 2_000));
        Waits.until("4 reconnects", Duration.ofSeconds(20), () -> c.reconnects() >= 4);
        long started = System.nanoTime();
        c.stop(5_000);
        assertTrue((System.nanoTime() - started) / 1_000_000 < 3_000, "stop took too long");
        assertTrue(c.finished());
        List<JsonNode> status = ofType("channel-status");
        assertTrue(status.size() >= 4, status.toString());
        for (int i = 0; i < 4; i++) {
            JsonNode s = status.get(i);
            assertEquals("reconnecting", s.get("status").asText());
            assertEquals(i + 1, s.get("attempt").asInt());
            assertTrue(s.get("reason").asText().contains("Connection refused"), s.toString());
            assertFalse(s.toString().contains("secret"), "credentials leaked: " + s);
        }
        assertEquals("offline", status.get(status.size() - 1).get("status").asText());
        assertAllValid();
    }

    @Test
    void anHttpSourceIsReadLikeACamera() throws Exception {
        Path served = java.nio.file.Files.createDirectories(dir.resolve("www"));
        java.nio.file.Files.copy(SourceUrl.sampleFile(), served.resolve("lobby.mp4"));
        try (HttpService http = HttpService.files(new HttpSettings(true, "127.0.0.1", 0))) {
            String url = http.publish("cams", served) + "lobby.mp4";
            Channel c =
                    channel(ChannelSettings.of("web", url).withRealtime(false).withReconnect(100, 200, 5_000));
            Waits.until("400 frames decoded", Duration.ofSeconds(30), () -> c.framesDecoded() >= 400);
            c.stop(5_000);
            assertTrue(c.framesDecoded() >= 400, c.framesDecoded() + " frames");
            assertTrue(c.motionEvents() >= 6, c.motionEvents() + " motion events");
            // A network stream that ends is a camera that dropped: it is reopened, and said so.
            List<String> states = ofType("channel-status").stream()
                    .map(s -> s.get("status").asText())
                    .toList();
            assertEquals(List.of("online", "reconnecting", "online"), states.subList(0, 3), states.toString());
            assertTrue(
                    ofType("channel-status").get(1).get("reason").asText().contains("ended its stream"),
                    ofType("channel-status").toString());
        }
    }

    @Test
    void aMissingFileIsAnErrorThatEndsTheChannel() throws Exception {
        Channel c = channel(ChannelSettings.of("gone", dir.resolve("nope.mp4").toString()));
        assertTrue(c.await(10_000));
        JsonNode s = ofType("channel-status").get(0);
        assertEquals("error", s.get("status").asText());
        assertTrue(
                s.get("reason").asText().contains("nope.mp4")
                        && s.get("reason").asText().contains("No such file"),
                s.toString());
    }
}
