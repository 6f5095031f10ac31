package io.evex.runtime.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.SharedDetectors;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.event.EventEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read faster than real time waits for its detector: every frame the detector's rate
 * selects is analysed, however fast the machine decodes, so two runs give the same tracks.
 */
class EveryFrameDetectedTest {

    static final Path MODEL = Path.of("../../shared/models/yolox_nano.onnx");
    static final Path PHOTO = Path.of("/usr/lib/python3/dist-packages/skimage/data/astronaut.png");

    @TempDir
    Path dir;

    private record Run(List<ObjectNode> tracks, Map<String, AnalysisPipeline.StageStats> stages) {}

    private Run analyse(Path video) throws Exception {
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        ChannelSettings settings = ChannelSettings.of("astro", video.toString())
                .withLoop(false)
                .withRealtime(false)
                .withObjects(ObjectSettings.NONE.withOnnx(DetectorSettings.of(MODEL)));
        try (Channel c = new Channel(settings, events::add, new EventEnvelope(), ChannelListener.NONE).start()) {
            assertTrue(c.await(60_000), "the file ends");
            c.close();
            return new Run(
                    events.stream()
                            .filter(e -> e.get("$id").asText().equals("track"))
                            .toList(),
                    c.analysisStats());
        }
    }

    /** 3 s at 25 fps of the astronaut panned sideways; fails on CI and skips elsewhere without the model or photo. */
    private Path pannedPhoto() throws Exception {
        boolean ready = Files.isRegularFile(MODEL) && Files.isRegularFile(PHOTO);
        if (!ready && "true".equals(System.getenv("CI"))) {
            fail("needs " + MODEL.toAbsolutePath() + " and " + PHOTO + " (apt-get install python3-skimage)");
        }
        assumeTrue(ready, "skipped: no model or photo");
        Path video = dir.resolve("pan.mp4");
        TestVideos.ffmpeg(
                "-loop",
                "1",
                "-i",
                PHOTO.toString(),
                "-vf",
                "scale=640:640,crop=600:600:'t*40':0,format=yuv420p",
                "-t",
                "3",
                "-r",
                "25",
                "-c:v",
                "libx264",
                video.toString());
        return video;
    }

    @Test
    void twoRunsOfOneFileGiveTheSameTracksAndEverySelectedFrameIsAnalysed() throws Exception {
        Path video = pannedPhoto();
        Run first = analyse(video);
        Run second = analyse(video);

        AnalysisPipeline.StageStats detect = first.stages().get("detect");
        assertEquals(75, first.stages().get("rate").frames(), "every frame decoded: " + first.stages());
        assertEquals(15, detect.frames(), "3 s at the detector's 5 fps: " + first.stages());
        assertEquals(
                detect.frames(),
                detect.counters().get("detections").longValue(),
                detect.counters().toString());
        assertEquals(0L, detect.counters().get("skipped_frames").longValue());

        assertFalse(first.tracks().isEmpty(), "she is tracked");
        assertEquals(first.tracks().size(), second.tracks().size(), first.tracks() + "\n" + second.tracks());
        for (int i = 0; i < first.tracks().size(); i++) {
            ObjectNode a = first.tracks().get(i);
            ObjectNode b = second.tracks().get(i);
            assertEquals(a.get("tracking_id"), b.get("tracking_id"));
            assertEquals(a.get("frame_id"), b.get("frame_id"));
            assertEquals(a.get("state"), b.get("state"));
            for (String k : List.of("l", "t", "w", "h")) {
                assertEquals(a.at("/box/" + k).asDouble(), b.at("/box/" + k).asDouble(), 0.001, a + " vs " + b);
            }
        }
    }

    @Test
    void twoRealTimeChannelsOnOneModelShareItsSessionAndBothKeepTheirDetectionRate() throws Exception {
        Path video = pannedPhoto();
        List<Channel> channels = new java.util.ArrayList<>();
        for (String name : List.of("left", "right")) {
            ChannelSettings settings = ChannelSettings.of(name, video.toString())
                    .withLoop(false)
                    .withRealtime(true)
                    .withObjects(ObjectSettings.NONE.withOnnx(DetectorSettings.of(MODEL)));
            channels.add(new Channel(settings, e -> {}, new EventEnvelope(), ChannelListener.NONE).start());
        }
        try {
            io.evex.runtime.testing.Waits.until(
                    "both channels play",
                    java.time.Duration.ofSeconds(10),
                    () -> channels.stream().allMatch(c -> c.framesDecoded() > 10));
            List<SharedDetectors.Shared> open = SharedDetectors.open();
            assertEquals(1, open.size(), "one session for the model: " + open);
            assertEquals(List.of("left", "right"), open.get(0).channels());
            for (Channel c : channels) {
                assertTrue(c.await(20_000), "the file ends");
            }
        } finally {
            channels.forEach(Channel::close);
        }
        for (Channel c : channels) {
            AnalysisPipeline.StageStats detect = c.analysisStats().get("detect");
            long detections = detect.counters().get("detections").longValue();
            long skipped = detect.counters().get("skipped_frames").longValue();
            assertTrue(detect.frames() - detections - skipped <= 1, "each frame detected or skipped: " + detect);
            assertTrue(detections >= 10, c.name() + " kept most of its 15 detections in 3 s: " + detect);
        }
        assertTrue(SharedDetectors.open().isEmpty(), "closed with its last channel");
    }
}
