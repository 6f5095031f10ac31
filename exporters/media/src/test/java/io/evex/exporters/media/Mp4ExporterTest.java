package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.video.SourceUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MP4 recordings read back with ffprobe and JavaCV's grabber. */
class Mp4ExporterTest {

    @TempDir
    Path dir;

    private static ChannelSettings sampleOnce() {
        return ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(false).withRealtime(false);
    }

    @Test
    void aMatchingRequestPassesTheCamerasH264ThroughFrameForFrame() throws Exception {
        try (MediaPipeline p =
                new MediaPipeline(dir, List.of(sampleOnce()), "mp4:path=rec/{obj.channel}.mp4,segment_seconds=0")) {
            p.awaitChannels(30_000);
        }
        JsonNode info = MediaPipeline.probe(dir.resolve("rec/lobby.mp4").toString());
        assertEquals("h264", info.get("codec").asText(), info.toString());
        // The sample is x264 Main profile; our own encoder makes Constrained Baseline: Main proves no re-encode.
        assertEquals("Main", info.get("profile").asText(), info.toString());
        assertEquals(640, info.get("width").asInt());
        assertEquals(360, info.get("height").asInt());
        assertEquals("25/1", info.get("rate").asText());
        assertEquals(200, info.get("frames").asInt(), info.toString());
        assertEquals(8.0, info.get("duration").asDouble(), 0.1, info.toString());
    }

    @Test
    void aSmallerSlowerAnnotatedRequestIsReEncodedWithOpenH264() throws Exception {
        try (MediaPipeline p = new MediaPipeline(
                dir, List.of(sampleOnce()), "mp4:path=small.mp4,segment_seconds=0,width=320,fps=10,annotated=true")) {
            p.awaitChannels(30_000);
        }
        Path file = dir.resolve("small.mp4");
        JsonNode info = MediaPipeline.probe(file.toString());
        assertEquals("h264", info.get("codec").asText(), info.toString());
        assertEquals("Constrained Baseline", info.get("profile").asText(), info.toString());
        assertEquals(320, info.get("width").asInt());
        assertEquals(180, info.get("height").asInt());
        assertEquals("10/1", info.get("rate").asText());
        assertEquals(80, info.get("frames").asInt(), 2, info.toString());
        assertEquals(8.0, info.get("duration").asDouble(), 0.25, info.toString());

        // A second, independent reader: JavaCV's grabber decodes every frame at the right size.
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            assertEquals(320, grabber.getImageWidth());
            assertEquals(10.0, grabber.getFrameRate(), 0.01);
            int frames = 0;
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                assertEquals(180, f.imageHeight);
                frames++;
            }
            assertEquals(info.get("frames").asInt(), frames);
        }
    }

    @Test
    void recordingsAreCutIntoSegmentsAtKeyFrames() throws Exception {
        try (MediaPipeline p = new MediaPipeline(
                dir, List.of(sampleOnce()), "mp4:path=seg/{obj.channel}-{sys.count}.mp4,segment_seconds=2")) {
            p.awaitChannels(30_000);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("seg"))) {
            files = s.filter(f -> f.toString().endsWith(".mp4")).sorted().toList(); // beside .recordings/, the index
        }
        // Key frames every 0.96 s: cuts at 2.88 s and 5.76 s.
        assertEquals(3, files.size(), files.toString());
        int frames = 0;
        for (Path f : files) {
            JsonNode info = MediaPipeline.probe(f.toString());
            assertTrue(
                    info.get("duration").asDouble() >= 1.9
                            && info.get("duration").asDouble() <= 3.0,
                    f + ": " + info);
            frames += info.get("frames").asInt();
        }
        assertEquals(200, frames, "every frame in exactly one segment");
    }

    @Test
    void exportersAskingForTheSameRenditionShareOneEncode() throws Exception {
        ChannelSettings live = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(live),
                "mp4:name=a,path=a.mp4,width=320",
                "mp4:name=b,path=b.mp4,width=320",
                "hls:name=c,dir=hls,width=320",
                "mp4:name=d,path=d.mp4")) {
            Thread.sleep(1_500);
            var queues = p.evex().channels().get(0).outputQueues();
            assertEquals(
                    1,
                    queues.keySet().stream()
                            .filter(k -> k.startsWith("encode_"))
                            .count(),
                    queues.toString());
        }
        for (String name : List.of("a.mp4", "b.mp4", "d.mp4")) {
            JsonNode info = MediaPipeline.probe(dir.resolve(name).toString());
            assertEquals(name.equals("d.mp4") ? 640 : 320, info.get("width").asInt(), name + ": " + info);
            assertTrue(info.get("frames").asInt() >= 20, name + ": " + info);
        }
    }
}
